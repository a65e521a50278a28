import { Alert, Anchor, Divider, Paper, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link, Navigate, useSearchParams } from "react-router";
import { paths } from "@/config/paths";
import { safeNext, useMe } from "@/lib/auth";
import { portalAuthConfigQueryOptions } from "../api/portal-sign-in";
import { EmailLinkForm } from "./email-link-form";
import { SignInForm } from "./sign-in-form";

/** Customer sign-in, inside the portal's own layout. */
export function PortalLoginPage() {
  useDocumentTitle("Sign in · Customer portal");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { data: me } = useMe();
  const { data: config } = useQuery(portalAuthConfigQueryOptions);

  if (me?.kind === "customer") {
    const target = next?.startsWith(paths.portal) ? next : paths.portal;
    return <Navigate to={target} replace />;
  }

  return (
    <Stack gap="md" maw={440} mx="auto" py="lg">
      <Paper withBorder radius="lg" p="xl" shadow="xs">
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={1} size="h2">
              Sign in to your customer portal
            </Title>
            <Text c="dimmed" size="sm">
              See your details, orders and requests.
            </Text>
          </Stack>
          {me?.kind === "staff" && (
            <Alert color="blue" variant="light" title="This sign-in is for customers">
              You are signed in as staff ({me.email}). Sign in with a customer account to see the
              portal.
            </Alert>
          )}
          <SignInForm area="customer" />
          {config?.email_link && (
            <>
              <Divider label="or, without a password" labelPosition="center" />
              <EmailLinkForm />
            </>
          )}
        </Stack>
      </Paper>
      {config?.registration && (
        <Text size="sm" c="dimmed" ta="center">
          New here?{" "}
          <Anchor component={Link} to={paths.portalRegister} size="sm" underline="always">
            Create an account
          </Anchor>
        </Text>
      )}
      <Text size="sm" c="dimmed" ta="center">
        Work at the company?{" "}
        <Anchor component={Link} to={paths.login} size="sm" underline="always">
          Staff sign-in
        </Anchor>
      </Text>
    </Stack>
  );
}
