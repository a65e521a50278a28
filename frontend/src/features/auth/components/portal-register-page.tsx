import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { paths } from "@/config/paths";
import { fieldErrorsOf } from "@/lib/field-errors";
import { portalAuthConfigQueryOptions, useRegister } from "../api/portal-sign-in";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Self-registration (when the setting is on): we email a link that opens the new account. */
export function PortalRegisterPage() {
  useDocumentTitle("Create an account · Customer portal");
  const config = useQuery(portalAuthConfigQueryOptions);
  const register = useRegister();
  const form = useForm({
    initialValues: { name: "", email: "" },
    validate: {
      name: (value) => (value.trim() ? null : "Enter your name."),
      email: (value) =>
        EMAIL.test(value.trim()) ? null : "Enter an email address such as name@example.com.",
    },
  });
  const submit = form.onSubmit((values) =>
    register.mutate(
      { name: values.name.trim(), email: values.email.trim() },
      { onError: (error) => form.setErrors(fieldErrorsOf(error, ["name", "email"])) },
    ),
  );
  return (
    <Stack gap="md" maw={440} mx="auto" py="lg">
      <Paper withBorder radius="lg" p="xl" shadow="xs">
        <Stack gap="md">
          <Title order={1} size="h2">
            Create your account
          </Title>
          {config.data && !config.data.registration ? (
            <Alert color="blue" variant="light" title="Accounts are opened by our team">
              Ask us for an account, or sign in if you have one.
            </Alert>
          ) : register.isSuccess ? (
            <Alert color="blue" variant="light" title="Check your email">
              We sent a link to {register.variables.email}. Open it to start using your account.
            </Alert>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                {register.error && (
                  <Alert color="red" variant="light" title="Could not create the account">
                    {register.error.message}
                  </Alert>
                )}
                <TextInput
                  label="Name"
                  autoComplete="name"
                  required
                  {...form.getInputProps("name")}
                />
                <TextInput
                  label="Email"
                  type="email"
                  autoComplete="email"
                  required
                  {...form.getInputProps("email")}
                />
                <Text size="sm" c="dimmed">
                  No password needed: we email you a link to sign in.
                </Text>
                <Button type="submit" loading={register.isPending} fullWidth>
                  Create account
                </Button>
              </Stack>
            </form>
          )}
          <Anchor component={Link} to={paths.portalLogin} size="sm">
            Back to sign-in
          </Anchor>
        </Stack>
      </Paper>
    </Stack>
  );
}
