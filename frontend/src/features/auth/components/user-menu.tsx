import { Avatar, Group, Menu, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { CheckIcon, ChevronDownIcon, LogoutIcon } from "@/components/icons/icons";
import { activeRole, useCurrentUser, useSignOut, useSwitchRole } from "@/lib/auth";
import { notifyError, notifySuccess } from "@/lib/notify";
import classes from "./user-menu.module.css";

function initials(name: string, email: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return email.slice(0, 1).toUpperCase();
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}

/** The header's account menu: who you are, the role you act in, and signing out. */
export function UserMenu() {
  const me = useCurrentUser();
  const switchRole = useSwitchRole();
  const signOut = useSignOut();
  const current = activeRole(me);

  const chooseRole = (name: string, label: string) => {
    if (name === me.active_role) return;
    switchRole.mutate(name, {
      onSuccess: () => notifySuccess(`You are now acting as ${label}.`, "Role switched"),
      onError: (error) => notifyError(error, "Could not switch role"),
    });
  };

  return (
    <Menu position="bottom-end" width={280} withinPortal shadow="md">
      <Menu.Target>
        <UnstyledButton
          className={classes.target}
          aria-label={`${me.name || me.email}, ${current?.label ?? me.active_role}`}
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="blue" aria-hidden="true">
              {initials(me.name, me.email)}
            </Avatar>
            <div className={classes.who}>
              <Text size="sm" fw={600} lh={1.2} truncate>
                {me.name || me.email}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2} truncate>
                {current?.label ?? me.active_role}
              </Text>
            </div>
            <span className={classes.chevron}>
              <ChevronDownIcon size={16} />
            </span>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <div className={classes.identity}>
          <Text size="sm" fw={600} truncate>
            {me.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {me.email}
          </Text>
        </div>
        <Menu.Divider />
        {me.roles.length > 1 && (
          <>
            <Menu.Label>Act as</Menu.Label>
            {me.roles.map((role) => {
              const checked = role.name === me.active_role;
              return (
                <Menu.Item
                  key={role.name}
                  aria-current={checked ? "true" : undefined}
                  disabled={switchRole.isPending}
                  leftSection={
                    <span className={classes.check}>{checked && <CheckIcon size={16} />}</span>
                  }
                  onClick={() => chooseRole(role.name, role.label)}
                >
                  {role.label}
                  {role.name === me.primary_role && (
                    <Text span size="xs" c="dimmed">
                      {" "}
                      (primary)
                    </Text>
                  )}
                  {checked && <VisuallyHidden> (current role)</VisuallyHidden>}
                </Menu.Item>
              );
            })}
            <Menu.Divider />
          </>
        )}
        <Menu.Item
          leftSection={<LogoutIcon size={16} />}
          onClick={() =>
            signOut.mutate(undefined, {
              onError: (error) => notifyError(error, "Could not sign out"),
            })
          }
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
