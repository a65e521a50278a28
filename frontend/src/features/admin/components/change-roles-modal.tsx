import { Alert, Button, Group, Modal, MultiSelect, Select, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import { useChangeRoles } from "../api/users";
import type { Role, RolesChange, User } from "../types";
import { keepAllowed, roleOptions, secondaryRoleOptions } from "./role-label";

interface ChangeRolesModalProps {
  /** The user whose roles are edited; `null` keeps the modal closed. */
  user: User | null;
  roles: Role[] | undefined;
  onClose: () => void;
}

export function ChangeRolesModal({ user, roles, onClose }: ChangeRolesModalProps) {
  return (
    <Modal opened={user !== null} onClose={onClose} title="Change roles">
      {user && <ChangeRolesForm key={user.id} user={user} roles={roles} onClose={onClose} />}
    </Modal>
  );
}

function ChangeRolesForm({
  user,
  roles,
  onClose,
}: {
  user: User;
  roles: Role[] | undefined;
  onClose: () => void;
}) {
  const change = useChangeRoles();
  const form = useForm<Required<RolesChange>>({
    initialValues: { primary_role: user.primary_role, secondary_roles: user.secondary_roles },
    validate: { primary_role: (value) => (value ? null : "Choose a primary role.") },
  });

  const submit = form.onSubmit((values) => {
    change.mutate(
      {
        id: user.id,
        primary_role: values.primary_role,
        secondary_roles: keepAllowed(
          values.secondary_roles,
          secondaryRoleOptions(roles, values.primary_role),
        ),
      },
      {
        onSuccess: () => {
          notifySuccess(`Roles of ${user.name || user.email} changed.`);
          onClose();
        },
        onError: (error) => {
          form.setErrors(fieldErrorsOf(error, ["primary_role", "secondary_roles"]));
          notifyError(error, "Could not change roles");
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {user.name}{" "}
          <Text span c="dimmed">
            ({user.email})
          </Text>
        </Text>
        {change.error && (
          <Alert color="red" variant="light" title="Could not change roles">
            {change.error.message}
          </Alert>
        )}
        <Select
          label="Primary role"
          data={roleOptions(roles)}
          required
          searchable
          allowDeselect={false}
          {...form.getInputProps("primary_role")}
        />
        <MultiSelect
          label="Secondary roles"
          placeholder="None"
          data={secondaryRoleOptions(roles, form.values.primary_role)}
          searchable
          clearable
          {...form.getInputProps("secondary_roles")}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending}>
            Save roles
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
