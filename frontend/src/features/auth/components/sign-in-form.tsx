import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { type Credentials, type UserKind, useSignIn } from "@/lib/auth";
import { fieldErrorsOf } from "@/lib/field-errors";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

interface SignInFormProps {
  area: UserKind;
}

/**
 * Email and password. A signed-in user goes wherever the page decides (the page watches
 * who is signed in); a refusal shows the server's own words (wrong password, throttled…).
 */
export function SignInForm({ area }: SignInFormProps) {
  const signIn = useSignIn(area);
  const form = useForm<Credentials>({
    initialValues: { email: "", password: "" },
    validate: {
      email: (value) =>
        !value.trim()
          ? "Enter your email address."
          : EMAIL.test(value.trim())
            ? null
            : "Enter an email address such as name@example.com.",
      password: (value) => (value ? null : "Enter your password."),
    },
    validateInputOnBlur: false,
  });

  const submit = form.onSubmit((values) => {
    signIn.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onError: (error) => {
          form.setErrors(fieldErrorsOf(error, ["email", "password"]));
          form.setFieldValue("password", "");
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {signIn.error && (
          <Alert color="red" variant="light" title="Could not sign you in">
            {signIn.error.message}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          {...form.getInputProps("email")}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          {...form.getInputProps("password")}
          // Mantine leaves aria-invalid off its password input; screen readers want it.
          aria-invalid={Boolean(form.errors.password)}
        />
        <Button type="submit" loading={signIn.isPending} fullWidth>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
