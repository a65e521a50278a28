import { Alert, Anchor, Button, Divider, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Link, Navigate, useSearchParams } from "react-router";
import { AuthLayout } from "@/components/auth-layout/auth-layout";
import { paths } from "@/config/paths";
import { authEndpoints, homePath, safeNext, useAuthConfig, useMe } from "@/lib/auth";
import { SignInForm } from "./sign-in-form";

/** Staff sign-in: password, and single sign-on when the server has it configured. */
export function LoginPage() {
  useDocumentTitle("Sign in · Waymark");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const ssoError = params.get("error");
  const { data: me } = useMe();
  const { data: config } = useAuthConfig();

  if (me?.kind === "staff") return <Navigate to={next ?? homePath(me)} replace />;

  const ssoHref = `${authEndpoints.ssoLogin}?next=${encodeURIComponent(next ?? "/")}`;

  return (
    <AuthLayout
      footer={
        <>
          A customer?{" "}
          <Anchor component={Link} to={paths.portalLogin} size="sm" underline="always">
            Sign in to the customer portal
          </Anchor>
        </>
      }
    >
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1} size="h2">
            Sign in to Waymark
          </Title>
          <Text c="dimmed" size="sm">
            Use the email address your Waymark account was created with.
          </Text>
        </Stack>
        {ssoError && (
          <Alert color="red" variant="light" title="Single sign-on did not work">
            {ssoError}
          </Alert>
        )}
        {me?.kind === "customer" && (
          <Alert color="blue" variant="light" title="You are signed in to the customer portal">
            Signed in as {me.email}. Sign in with a staff account to continue here.
          </Alert>
        )}
        {config?.sso.enabled && (
          <>
            <Button component="a" href={ssoHref} variant="default" fullWidth>
              Sign in with {config.sso.label}
            </Button>
            <Divider label="or with your password" labelPosition="center" />
          </>
        )}
        <SignInForm area="staff" />
      </Stack>
    </AuthLayout>
  );
}
