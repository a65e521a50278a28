import { Badge, Button, Code, Group, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { PlusIcon } from "@/components/icons/icons";
import { PageHeader } from "@/components/page-header/page-header";
import { rolesQueryOptions } from "../api/roles";
import type { Role } from "../types";
import { RoleFormModal } from "./role-form-modal";

type Editing = { mode: "create" } | { mode: "edit"; role: Role } | null;

export function RolesPage() {
  useDocumentTitle("Roles · Admin · Waymark");
  const roles = useQuery(rolesQueryOptions);
  const [editing, setEditing] = useState<Editing>(null);

  return (
    <Stack gap="lg">
      <PageHeader
        title="Roles"
        description="What each role may do, which job queue it works and where it lands."
        actions={
          <Button
            leftSection={<PlusIcon size={16} />}
            onClick={() => setEditing({ mode: "create" })}
          >
            Create role
          </Button>
        }
      />

      <DataTable
        label="Roles"
        minWidth={820}
        columns={[
          {
            header: "Role",
            cell: (role) => (
              <>
                <Text size="sm" fw={600}>
                  {role.label}
                </Text>
                <Code fz="xs">{role.name}</Code>
              </>
            ),
          },
          {
            header: "Permissions",
            cell: (role) => (
              <Group gap={4} maw={420}>
                {role.permissions.length === 0 && (
                  <Text size="sm" c="dimmed">
                    None
                  </Text>
                )}
                {role.permissions.map((permission) => (
                  <Badge key={permission} variant="light" radius="sm" tt="none" fw={500}>
                    {permission}
                  </Badge>
                ))}
              </Group>
            ),
          },
          { header: "Queue", cell: (role) => <Text size="sm">{role.queue ?? "—"}</Text> },
          { header: "Dashboard", cell: (role) => <Code fz="xs">{role.dashboard}</Code> },
          {
            header: "Actions",
            hideHeader: true,
            align: "right",
            cell: (role) => (
              <Button
                variant="default"
                size="xs"
                onClick={() => setEditing({ mode: "edit", role })}
                aria-label={`Edit ${role.label}`}
              >
                Edit
              </Button>
            ),
          },
        ]}
        query={roles}
        rowKey="name"
        loadingText="Loading roles…"
        emptyText="No roles yet."
        what="roles"
      />

      <RoleFormModal
        editing={editing}
        onClose={() => setEditing(null)}
        existing={roles.data?.map((role) => role.name) ?? []}
      />
    </Stack>
  );
}
