import { Alert, Anchor, Button, Loader, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link, Navigate, useParams } from "react-router";
import { AuthLayout } from "@/components/auth-layout/auth-layout";
import { paths } from "@/config/paths";
import { isApiError } from "@/lib/api-client";
import { homePath } from "@/lib/auth";
import { fieldErrorsOf } from "@/lib/field-errors";
import { formatDateTime } from "@/lib/format";
import { inviteQueryOptions, useAcceptInvite } from "../api/invites";

export const PASSWORD_MIN_LENGTH = 12;

/** The server's policy (docs/auth-api.md), checked here too so mistakes show at once. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  const kinds = new Set(
    [...password].map((char) =>
      char !== char.toUpperCase()
        ? "lower"
        : char !== char.toLowerCase()
          ? "upper"
          : /\d/.test(char)
            ? "digit"
            : "other",
    ),
  );
  if (kinds.size < 2) {
    return "Mix at least two kinds of characters (lower case, upper case, digits, symbols).";
  }
  const lowered = password.trim().toLowerCase();
  const address = email.toLowerCase();
  if (lowered === address || lowered === address.split("@")[0]) {
    return "Do not use your email address as the password.";
  }
  return null;
}

interface PasswordValues {
  password: string;
  confirm: string;
}

/** The one-time invite link: set a password and land signed in. */
export function InvitePage() {
  useDocumentTitle("Set your password · Waymark");
  const { token = "" } = useParams();
  const invite = useQuery(inviteQueryOptions(token));
  const accept = useAcceptInvite(token);
  const email = invite.data?.email ?? "";

  const form = useForm<PasswordValues>({
    initialValues: { password: "", confirm: "" },
    validate: {
      password: (value) => passwordProblem(value, email),
      confirm: (value, values) =>
        !value
          ? "Type the password again."
          : value !== values.password
            ? "The two passwords do not match."
            : null,
    },
  });

  if (accept.data) return <Navigate to={homePath(accept.data)} replace />;

  if (invite.isPending) {
    return (
      <AuthLayout>
        <Stack align="center" gap="sm" role="status">
          <Title order={1} size="h3">
            Checking your invite…
          </Title>
          <Loader size="sm" />
        </Stack>
      </AuthLayout>
    );
  }

  if (invite.error) {
    const status = isApiError(invite.error) ? invite.error.status : 0;
    const title =
      status === 410
        ? "This invite link has expired or was already used"
        : status === 404
          ? "This invite link is not valid"
          : "Could not open this invite";
    return (
      <AuthLayout>
        <Stack gap="md">
          <Title order={1} size="h2">
            {title}
          </Title>
          <Alert color="red" variant="light" title="What the server said">
            {invite.error.message}
          </Alert>
          <Text size="sm">
            Ask the person who invited you for a new link. If you have already set your password,{" "}
            <Anchor component={Link} to={paths.login}>
              sign in
            </Anchor>
            .
          </Text>
        </Stack>
      </AuthLayout>
    );
  }

  const submit = form.onSubmit((values) => {
    accept.mutate(values.password, {
      onError: (error) => form.setErrors(fieldErrorsOf(error, ["password"])),
    });
  });

  return (
    <AuthLayout>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={1} size="h2">
              Welcome to Waymark{invite.data.name ? `, ${invite.data.name}` : ""}
            </Title>
            <Text c="dimmed" size="sm">
              Set a password for <strong>{invite.data.email}</strong>. This link works once, until{" "}
              {formatDateTime(invite.data.expires_at)}.
            </Text>
          </Stack>
          {accept.error && (
            <Alert color="red" variant="light" title="Could not set your password">
              {accept.error.message}
            </Alert>
          )}
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            description={`At least ${PASSWORD_MIN_LENGTH} characters, mixing at least two kinds (lower case, upper case, digits, symbols), and not your email address.`}
            {...form.getInputProps("password")}
            // Mantine leaves aria-invalid off its password input; screen readers want it.
            aria-invalid={Boolean(form.errors.password)}
          />
          <PasswordInput
            label="Repeat the password"
            autoComplete="new-password"
            required
            {...form.getInputProps("confirm")}
            // Mantine leaves aria-invalid off its password input; screen readers want it.
            aria-invalid={Boolean(form.errors.confirm)}
          />
          <Button type="submit" loading={accept.isPending} fullWidth>
            Set password and sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
