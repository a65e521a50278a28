import { Group } from "@mantine/core";
import { lazy, Suspense } from "react";
import { Outlet } from "react-router";
import { AppShell } from "@/components/app-shell/app-shell";
import { paths } from "@/config/paths";
import { UserMenu } from "@/features/auth/components/user-menu";
import { HealthBadge } from "@/features/health/components/health-badge";
import { RequireSession, useCurrentUser } from "@/lib/auth";
import { navigationFor } from "../navigation";
import { SessionError } from "./session-error";

// The bell loads after the shell: it never delays the page someone opened.
const NotificationsBell = lazy(async () => ({
  default: (await import("@/features/automation/components/notifications-bell")).NotificationsBell,
}));

/** The staff area: only for a signed-in member of staff, navigation filtered by role. */
export function StaffLayout() {
  return (
    <RequireSession
      kind="staff"
      errorElement={(error, retry) => <SessionError error={error} retry={retry} asMain />}
    >
      <StaffShell />
    </RequireSession>
  );
}

function StaffShell() {
  const me = useCurrentUser();
  return (
    <AppShell
      sections={navigationFor(me.permissions)}
      headerEnd={
        <Group gap="md" wrap="nowrap">
          <HealthBadge />
          <Suspense fallback={null}>
            <NotificationsBell />
          </Suspense>
          <UserMenu />
        </Group>
      }
      homeHref={paths.root}
    >
      <Outlet />
    </AppShell>
  );
}
