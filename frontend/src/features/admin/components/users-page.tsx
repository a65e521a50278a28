import { ActionIcon, Badge, Button, Group, Menu, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { FilterBar, SearchFilter } from "@/components/filter-bar/filter-bar";
import { DotsIcon, PlusIcon } from "@/components/icons/icons";
import { PageHeader } from "@/components/page-header/page-header";
import { useCurrentUser } from "@/lib/auth";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import { useListFilters } from "@/lib/use-list-filters";
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

interface UserColumnsOptions {
  roleLabel: (name: string) => string;
  /** The signed-in user, who may not deactivate themselves. */
  meId: string;
  open: (dialog: Dialog) => void;
}

function userColumns({ roleLabel, meId, open }: UserColumnsOptions): DataTableColumn<User>[] {
  return [
    {
      header: "Name",
      cell: (user) => (
        <>
          <Text size="sm" fw={600}>
            {user.name || "—"}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
        </>
      ),
    },
    {
      header: "Roles",
      cell: (user) => (
        <Group gap={4}>
          <Badge variant="filled" radius="sm" tt="none">
            {roleLabel(user.primary_role)}
          </Badge>
          {user.secondary_roles.map((name) => (
            <Badge key={name} variant="light" color="gray" radius="sm" tt="none">
              {roleLabel(name)}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      header: "Status",
      cell: (user) => (
        <Badge variant="dot" color={user.is_active ? "green" : "gray"} radius="sm" tt="none">
          {user.is_active ? "Active" : "Deactivated"}
        </Badge>
      ),
    },
    {
      header: "Last sign-in",
      cell: (user) => <Text size="sm">{formatDateTime(user.last_login_at, "Never")}</Text>,
    },
    {
      header: "Actions",
      hideHeader: true,
      align: "right",
      cell: (user) => (
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
            <Menu.Item onClick={() => open({ kind: "roles", user })}>Change roles…</Menu.Item>
            {user.is_active ? (
              <Menu.Item
                c="red.9"
                disabled={user.id === meId}
                onClick={() => open({ kind: "deactivate", user })}
              >
                Deactivate…
              </Menu.Item>
            ) : (
              <Menu.Item onClick={() => open({ kind: "reactivate", user })}>Reactivate…</Menu.Item>
            )}
            <Menu.Item disabled={!user.is_active} onClick={() => open({ kind: "logout", user })}>
              Force sign-out…
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];
}

export function UsersPage() {
  useDocumentTitle("Users · Admin · Waymark");
  const me = useCurrentUser();
  const {
    filters: chosen,
    setFilter,
    page,
    setPage,
    clear,
    activeCount,
  } = useListFilters({
    search: "",
    role: null as string | null,
    active: "all",
  });
  const { search, role, active } = chosen;
  const [q] = useDebouncedValue(search, 300);
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

      <FilterBar
        search={
          <SearchFilter
            label="Search"
            placeholder="Name or email"
            value={search}
            onChange={(value) => setFilter("search", value)}
          />
        }
        activeCount={activeCount("search")}
        onClear={() => clear("search")}
      >
        <Select
          label="Role"
          placeholder="Any role"
          data={roleOptions(roles.data)}
          value={role}
          onChange={(value) => setFilter("role", value)}
          clearable
          w={200}
        />
        <Select
          label="Status"
          data={ACTIVE_OPTIONS}
          value={active}
          onChange={(value) => setFilter("active", value ?? "all")}
          allowDeselect={false}
          w={160}
        />
      </FilterBar>

      <DataTable
        label="Users"
        minWidth={760}
        highlightOnHover
        columns={userColumns({ roleLabel: label, meId: me.id, open: setDialog })}
        query={users}
        rowKey="id"
        loadingText="Loading users…"
        emptyText="No users match these filters."
        what="users"
        pagination={{
          page,
          pageSize: USERS_PAGE_SIZE,
          onChange: setPage,
          noun: "users",
        }}
      />

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
