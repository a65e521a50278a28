import type { Role } from "../types";

/** `name → label` for showing role names as people know them. */
export function roleLabeller(roles: readonly Role[] | undefined) {
  const labels = new Map((roles ?? []).map((role) => [role.name, role.label]));
  return (name: string) => labels.get(name) ?? name;
}

/** A role granting portal:self is a customer role; every other role is a staff role. */
export function roleKind(role: Role): "customer" | "staff" {
  return role.permissions.includes("portal:self") ? "customer" : "staff";
}

/** Roles as Select / MultiSelect options. */
export function roleOptions(roles: readonly Role[] | undefined) {
  return (roles ?? []).map((role) => ({ value: role.name, label: role.label }));
}

/**
 * Secondary roles that may go with `primary`: the other roles of the same kind (a user's
 * roles are all staff roles or all customer roles).
 */
export function secondaryRoleOptions(roles: readonly Role[] | undefined, primary: string) {
  const primaryRole = roles?.find((role) => role.name === primary);
  return (roles ?? [])
    .filter((role) => role.name !== primary)
    .filter((role) => !primaryRole || roleKind(role) === roleKind(primaryRole))
    .map((role) => ({ value: role.name, label: role.label }));
}

/** Drops secondary roles that no longer fit after the primary role changed. */
export function keepAllowed(chosen: string[], allowed: { value: string }[]): string[] {
  return chosen.filter((name) => allowed.some((option) => option.value === name));
}
