import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { CopyField } from "@/components/copy-field/copy-field";
import { fieldErrorsOf } from "@/lib/field-errors";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import { useInviteUser } from "../api/users";
import type { InviteRequest, Role } from "../types";
import { keepAllowed, roleOptions, secondaryRoleOptions } from "./role-label";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

interface InviteUserModalProps {
  opened: boolean;
  onClose: () => void;
  roles: Role[] | undefined;
}

/** Invite someone: their details and roles, then the one-time link to send them. */
export function InviteUserModal({ opened, onClose, roles }: InviteUserModalProps) {
  const invite = useInviteUser();
  const form = useForm<Required<InviteRequest>>({
    initialValues: { email: "", name: "", primary_role: "", secondary_roles: [] },
    validate: {
      email: (value) =>
        EMAIL.test(value.trim()) ? null : "Enter an email address such as name@example.com.",
      name: (value) => (value.trim() ? null : "Enter the person's name."),
      primary_role: (value) => (value ? null : "Choose the role they start in."),
    },
  });

  const close = () => {
    onClose();
    form.reset();
    invite.reset();
  };

  const submit = form.onSubmit((values) => {
    invite.mutate(
      {
        ...values,
        email: values.email.trim(),
        name: values.name.trim(),
        secondary_roles: keepAllowed(
          values.secondary_roles,
          secondaryRoleOptions(roles, values.primary_role),
        ),
      },
      {
        onSuccess: (created) =>
          notifySuccess(`Invite for ${created.user.email} created.`, "User invited"),
        onError: (error) => {
          form.setErrors(
            fieldErrorsOf(error, ["email", "name", "primary_role", "secondary_roles"]),
          );
          notifyError(error, "Could not invite");
        },
      },
    );
  });

  const created = invite.data;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? "Invite created" : "Invite user"}
      size="lg"
    >
      {created ? (
        <Stack gap="md">
          <Text size="sm">
            Send this link to <strong>{created.user.email}</strong>. It works once, until{" "}
            {formatDateTime(created.expires_at)}, and lets them set a password.
          </Text>
          <Alert color="yellow" variant="light" title="Copy the link now">
            This is the only time Waymark shows it. If it is lost, invite the person again.
          </Alert>
          <CopyField label="Invite link" value={created.invite_url} />
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {invite.error && (
              <Alert color="red" variant="light" title="Could not invite">
                {invite.error.message}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              required
              data-autofocus
              {...form.getInputProps("email")}
            />
            <TextInput label="Name" required {...form.getInputProps("name")} />
            <Select
              label="Primary role"
              description="The role they act in when they sign in."
              placeholder="Choose a role"
              data={roleOptions(roles)}
              required
              searchable
              {...form.getInputProps("primary_role")}
            />
            <MultiSelect
              label="Secondary roles"
              description="Other roles they can switch to."
              placeholder="None"
              data={secondaryRoleOptions(roles, form.values.primary_role)}
              searchable
              clearable
              {...form.getInputProps("secondary_roles")}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={invite.isPending}>
                Create invite
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
