import type { Role } from "../types";

/** `name → label` for showing role names as people know them. */
export function roleLabeller(roles: readonly Role[] | undefined) {
  const labels = new Map((roles ?? []).map((role) => [role.name, role.label]));
  return (name: string) => labels.get(name) ?? name;
}

/** Roles as Select / MultiSelect options. */
export function roleOptions(roles: readonly Role[] | undefined, exclude?: string | null) {
  return (roles ?? [])
    .filter((role) => role.name !== exclude)
    .map((role) => ({ value: role.name, label: role.label }));
}
