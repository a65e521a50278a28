import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { fieldErrorsOf } from "@/lib/field-errors";
import { useRequestSignInLink } from "../api/portal-sign-in";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Passwordless: we email a one-time link. The answer is the same for any address. */
export function EmailLinkForm() {
  const request = useRequestSignInLink();
  const form = useForm({
    initialValues: { email: "" },
    validate: {
      email: (value) =>
        EMAIL.test(value.trim()) ? null : "Enter an email address such as name@example.com.",
    },
  });
  const submit = form.onSubmit((values) =>
    request.mutate(values.email.trim(), {
      onError: (error) => form.setErrors(fieldErrorsOf(error, ["email"])),
    }),
  );
  if (request.isSuccess) {
    return (
      <Alert color="blue" variant="light" title="Check your email">
        If {request.variables} has an account with us, a sign-in link is on its way. It works once,
        for a short time.
      </Alert>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {request.error && (
          <Alert color="red" variant="light" title="Could not send the link">
            {request.error.message}
          </Alert>
        )}
        <TextInput
          label="Send a sign-in link to"
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps("email")}
        />
        <Button type="submit" variant="light" loading={request.isPending} fullWidth>
          Email me a sign-in link
        </Button>
      </Stack>
    </form>
  );
}
