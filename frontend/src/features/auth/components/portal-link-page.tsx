import { Alert, Anchor, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useEffect, useRef } from "react";
import { Link, Navigate } from "react-router";
import { paths } from "@/config/paths";
import { useSignInWithLink } from "../api/portal-sign-in";

/**
 * The emailed link lands here: `/portal/login/link#<token>`. The token rides in the
 * fragment, so it never reaches server logs or a Referer; it is spent once, on arrival.
 */
export function PortalLinkPage() {
  useDocumentTitle("Signing in · Customer portal");
  const signIn = useSignInWithLink();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    // Out of the address bar (and history) at once.
    window.history.replaceState(null, "", window.location.pathname);
    if (token) signIn.mutate(token);
  }, [signIn]);

  if (signIn.isSuccess) return <Navigate to={paths.portal} replace />;
  return (
    <Stack gap="md" maw={440} mx="auto" py="lg">
      <Paper withBorder radius="lg" p="xl" shadow="xs">
        <Stack gap="md">
          <Title order={1} size="h2">
            Signing you in
          </Title>
          {signIn.isError ? (
            <Alert color="red" variant="light" title="This link did not work">
              {signIn.error.message}
            </Alert>
          ) : signIn.isIdle ? (
            <Alert color="orange" variant="light" title="No sign-in link here">
              Open the link from your email again, whole.
            </Alert>
          ) : (
            <Text>
              <Loader size="xs" mr="xs" aria-hidden />
              One moment…
            </Text>
          )}
          <Anchor component={Link} to={paths.portalLogin} size="sm">
            Back to sign-in
          </Anchor>
        </Stack>
      </Paper>
    </Stack>
  );
}
