import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import type { Permission } from "@/lib/permissions";
import { permissionsQueryOptions, useCreateRole, useUpdateRole } from "../api/roles";
import type { Role } from "../types";

const NAME = /^[a-z][a-z0-9_]*$/;

interface RoleFormModalProps {
  editing: { mode: "create" } | { mode: "edit"; role: Role } | null;
  onClose: () => void;
  /** Names already taken, to say so before the server does. */
  existing: string[];
}

export function RoleFormModal({ editing, onClose, existing }: RoleFormModalProps) {
  const title = editing?.mode === "edit" ? `Edit role: ${editing.role.label}` : "Create role";
  return (
    <Modal opened={editing !== null} onClose={onClose} title={title} size="xl">
      {editing && (
        <RoleForm
          key={editing.mode === "edit" ? editing.role.name : "new"}
          role={editing.mode === "edit" ? editing.role : null}
          existing={existing}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

interface RoleValues {
  name: string;
  label: string;
  permissions: string[];
  queue: string;
  dashboard: string;
}

function RoleForm({
  role,
  existing,
  onClose,
}: {
  role: Role | null;
  existing: string[];
  onClose: () => void;
}) {
  const permissions = useQuery(permissionsQueryOptions);
  const create = useCreateRole();
  const update = useUpdateRole();
  const mutation = role ? update : create;

  const form = useForm<RoleValues>({
    initialValues: {
      name: role?.name ?? "",
      label: role?.label ?? "",
      permissions: role?.permissions ?? [],
      queue: role?.queue ?? "",
      dashboard: role?.dashboard ?? "",
    },
    validate: {
      name: (value) =>
        role
          ? null
          : !NAME.test(value)
            ? "Lower-case letters, digits and underscores, starting with a letter (e.g. returns_desk)."
            : existing.includes(value)
              ? "A role with this name already exists."
              : null,
      label: (value) => (value.trim() ? null : "Give the role a label people will see."),
      queue: (value) =>
        !value || NAME.test(value)
          ? null
          : "Lower-case letters, digits and underscores, starting with a letter.",
      dashboard: (value) =>
        value.startsWith("/")
          ? null
          : "A path in Waymark, starting with / (e.g. /dashboards/sales).",
    },
  });

  const submit = form.onSubmit((values) => {
    const body = {
      label: values.label.trim(),
      permissions: values.permissions as Permission[],
      queue: values.queue.trim() || null,
      dashboard: values.dashboard.trim(),
    };
    const options = {
      onSuccess: (saved: Role) => {
        notifySuccess(`Role ${saved.label} ${role ? "saved" : "created"}.`);
        onClose();
      },
      onError: (error: Error) => {
        form.setErrors(
          fieldErrorsOf(error, ["name", "label", "permissions", "queue", "dashboard"]),
        );
        notifyError(error, role ? "Could not save the role" : "Could not create the role");
      },
    };
    if (role) update.mutate({ name: role.name, ...body }, options);
    else create.mutate({ name: values.name, ...body }, options);
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {mutation.error && (
          <Alert color="red" variant="light" title="Not saved">
            {mutation.error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            description={
              role ? "A role's name cannot change." : "Used in the API, e.g. returns_desk."
            }
            required={!role}
            disabled={role !== null}
            data-autofocus={role ? undefined : true}
            {...form.getInputProps("name")}
          />
          <TextInput
            label="Label"
            description="What people see, e.g. Returns desk."
            required
            data-autofocus={role ? true : undefined}
            {...form.getInputProps("label")}
          />
          <TextInput
            label="Queue"
            description="The job queue this role works; leave empty for none."
            {...form.getInputProps("queue")}
          />
          <TextInput
            label="Dashboard"
            description="Where someone acting in this role lands."
            placeholder="/dashboards/returns_desk"
            required
            {...form.getInputProps("dashboard")}
          />
        </SimpleGrid>
        {permissions.error ? (
          <Alert color="red" variant="light" title="Could not load the permissions">
            {permissions.error.message}
          </Alert>
        ) : permissions.isPending ? (
          <Loader size="sm" aria-label="Loading permissions" />
        ) : (
          <Checkbox.Group
            label="Permissions"
            description="A customer role has only portal:self (and portal:affiliate for affiliates); staff roles never have them."
            {...form.getInputProps("permissions")}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
              {permissions.data.map((permission) => (
                <Checkbox
                  key={permission.name}
                  value={permission.name}
                  label={permission.name}
                  description={permission.description}
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {role ? "Save role" : "Create role"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
