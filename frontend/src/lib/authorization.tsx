/**
 * What the signed-in user may do. The API checks every request itself; this only keeps
 * the SPA from offering (or rendering) what the active role cannot use.
 */
import { useIsMutating } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Outlet } from "react-router";
import { Forbidden } from "@/components/forbidden/forbidden";
import { activeRole, authKeys, useCurrentUser } from "./auth";
import { hasAnyPermission, type Permission } from "./permissions";

/** True when the active role grants at least one of `anyOf`. */
export function useCan(anyOf: readonly Permission[]): boolean {
  return hasAnyPermission(useCurrentUser().permissions, anyOf);
}

interface RequirePermissionProps {
  /** The route is open to a role holding any of these. */
  anyOf: readonly Permission[];
  children?: ReactNode;
}

/**
 * A route guard: renders the page (or the child routes) only when the active role allows
 * it, and the 403 page otherwise, so typing a forbidden address never shows its content.
 */
export function RequirePermission({ anyOf, children }: RequirePermissionProps) {
  const me = useCurrentUser();
  // While a role switch moves to the new role's dashboard, the page being left may no
  // longer be allowed: show nothing rather than a 403 for a moment.
  const switchingRole = useIsMutating({ mutationKey: authKeys.switchRole }) > 0;
  if (!hasAnyPermission(me.permissions, anyOf)) {
    if (switchingRole) return null;
    return <Forbidden roleLabel={activeRole(me)?.label ?? me.active_role} homeHref="/" />;
  }
  return children ?? <Outlet />;
}
