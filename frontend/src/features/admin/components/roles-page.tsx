import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PlusIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
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

      <LoadError what="roles" error={roles.error} />

      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Roles table" minWidth={820}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Roles">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Role</Table.Th>
                <Table.Th>Permissions</Table.Th>
                <Table.Th>Queue</Table.Th>
                <Table.Th>Dashboard</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {roles.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading roles…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {roles.data?.map((role) => (
                <Table.Tr key={role.name}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {role.label}
                    </Text>
                    <Code fz="xs">{role.name}</Code>
                  </Table.Td>
                  <Table.Td>
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
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{role.queue ?? "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code fz="xs">{role.dashboard}</Code>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      variant="default"
                      size="xs"
                      onClick={() => setEditing({ mode: "edit", role })}
                      aria-label={`Edit ${role.label}`}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>

      <RoleFormModal
        editing={editing}
        onClose={() => setEditing(null)}
        existing={roles.data?.map((role) => role.name) ?? []}
      />
    </Stack>
  );
}
