import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { DotsIcon, PlusIcon, SearchIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { Pager } from "@/components/pager/pager";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { useCurrentUser } from "@/lib/auth";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import { rolesQueryOptions } from "../api/roles";
import { type UserAction, usersQueryOptions, useUserAction } from "../api/users";
import type { User } from "../types";
import { ChangeRolesModal } from "./change-roles-modal";
import { InviteUserModal } from "./invite-user-modal";
import { roleLabeller, roleOptions } from "./role-label";

export const USERS_PAGE_SIZE = 25;

type Dialog = { kind: "roles"; user: User } | { kind: UserAction; user: User } | null;

const ACTIVE_OPTIONS = [
  { value: "all", label: "Everyone" },
  { value: "active", label: "Active" },
  { value: "inactive", label: "Deactivated" },
];

const CONFIRM: Record<
  UserAction,
  { title: string; label: string; done: string; danger: boolean; body: (user: User) => string }
> = {
  deactivate: {
    title: "Deactivate this user?",
    label: "Deactivate",
    done: "deactivated",
    danger: true,
    body: (user) =>
      `${user.name || user.email} will be signed out everywhere and cannot sign in until reactivated.`,
  },
  reactivate: {
    title: "Reactivate this user?",
    label: "Reactivate",
    done: "reactivated",
    danger: false,
    body: (user) => `${user.name || user.email} will be able to sign in again.`,
  },
  logout: {
    title: "Sign this user out everywhere?",
    label: "Sign out everywhere",
    done: "signed out everywhere",
    danger: false,
    body: (user) =>
      `Every session of ${user.name || user.email} ends now; they can sign in again at once.`,
  },
};

export function UsersPage() {
  useDocumentTitle("Users · Admin · Waymark");
  const me = useCurrentUser();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 300);
  const [role, setRole] = useState<string | null>(null);
  const [active, setActive] = useState("all");
  const [page, setPage] = useState(1);
  const [inviting, setInviting] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);

  const roles = useQuery(rolesQueryOptions);
  const label = roleLabeller(roles.data);
  const filters = {
    q,
    role,
    active: active === "all" ? null : active === "active",
    page,
    page_size: USERS_PAGE_SIZE,
  };
  const users = useQuery(usersQueryOptions(filters));
  const action = useUserAction();

  const runAction = (kind: UserAction, user: User) => {
    action.mutate(
      { id: user.id, action: kind },
      {
        onSuccess: () => {
          notifySuccess(`${user.name || user.email} was ${CONFIRM[kind].done}.`);
          setDialog(null);
        },
        onError: (error) => notifyError(error, `Could not ${CONFIRM[kind].label.toLowerCase()}`),
      },
    );
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title="Users"
        description="Everyone who can sign in: staff and customers, their roles and status."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setInviting(true)}>
            Invite user
          </Button>
        }
      />

      <Card withBorder radius="md" padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Name or email"
            type="search"
            leftSection={<SearchIcon size={16} />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setPage(1);
            }}
            miw={260}
            style={{ flex: 1 }}
          />
          <Select
            label="Role"
            placeholder="Any role"
            data={roleOptions(roles.data)}
            value={role}
            onChange={(value) => {
              setRole(value);
              setPage(1);
            }}
            clearable
            w={200}
          />
          <Select
            label="Status"
            data={ACTIVE_OPTIONS}
            value={active}
            onChange={(value) => {
              setActive(value ?? "all");
              setPage(1);
            }}
            allowDeselect={false}
            w={160}
          />
        </Group>
      </Card>

      <LoadError what="users" error={users.error} />

      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Users table" minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={users.isFetching}>
              {users.data?.items.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {user.name || "—"}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="filled" radius="sm" tt="none">
                        {label(user.primary_role)}
                      </Badge>
                      {user.secondary_roles.map((name) => (
                        <Badge key={name} variant="light" color="gray" radius="sm" tt="none">
                          {label(name)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="dot"
                      color={user.is_active ? "green" : "gray"}
                      radius="sm"
                      tt="none"
                    >
                      {user.is_active ? "Active" : "Deactivated"}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(user.last_login_at, "Never")}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Actions for ${user.name || user.email}`}
                        >
                          <DotsIcon size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setDialog({ kind: "roles", user })}>
                          Change roles…
                        </Menu.Item>
                        {user.is_active ? (
                          <Menu.Item
                            c="red.9"
                            disabled={user.id === me.id}
                            onClick={() => setDialog({ kind: "deactivate", user })}
                          >
                            Deactivate…
                          </Menu.Item>
                        ) : (
                          <Menu.Item onClick={() => setDialog({ kind: "reactivate", user })}>
                            Reactivate…
                          </Menu.Item>
                        )}
                        <Menu.Item
                          disabled={!user.is_active}
                          onClick={() => setDialog({ kind: "logout", user })}
                        >
                          Force sign-out…
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
              {users.data?.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      No users match these filters.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {users.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading users…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>

      {users.data && (
        <Pager
          page={page}
          pageSize={USERS_PAGE_SIZE}
          total={users.data.total}
          onChange={setPage}
          noun="users"
        />
      )}

      <InviteUserModal opened={inviting} onClose={() => setInviting(false)} roles={roles.data} />
      <ChangeRolesModal
        user={dialog?.kind === "roles" ? dialog.user : null}
        roles={roles.data}
        onClose={() => setDialog(null)}
      />
      {dialog && dialog.kind !== "roles" && (
        <ConfirmModal
          opened
          title={CONFIRM[dialog.kind].title}
          confirmLabel={CONFIRM[dialog.kind].label}
          danger={CONFIRM[dialog.kind].danger}
          loading={action.isPending}
          onConfirm={() => runAction(dialog.kind, dialog.user)}
          onClose={() => setDialog(null)}
        >
          {CONFIRM[dialog.kind].body(dialog.user)}
        </ConfirmModal>
      )}
    </Stack>
  );
}
