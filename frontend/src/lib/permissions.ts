/** Every permission a role can grant (docs/auth-api.md, "Permissions"). */
export const PERMISSIONS = [
  "journeys:read",
  "journeys:write",
  "journeys:publish",
  "contacts:read",
  "contacts:write",
  "segments:write",
  "events:read",
  "events:write",
  "jobs:work",
  "jobs:supervise",
  "job_types:manage",
  "reports:read",
  "sales:work",
  "sales:manage",
  "accounts:manage",
  "keys:manage",
  "portal:wording",
  "portal:self",
  "portal:affiliate",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What a server API key may be scoped to: staff permissions, minus managing people and keys. */
export const KEY_SCOPES: readonly Permission[] = PERMISSIONS.filter(
  (permission) =>
    permission !== "accounts:manage" &&
    permission !== "keys:manage" &&
    permission !== "portal:self" &&
    permission !== "portal:affiliate",
);

/** True when `granted` holds at least one of `anyOf` (an empty `anyOf` needs nothing). */
export function hasAnyPermission(
  granted: readonly string[],
  anyOf: readonly Permission[],
): boolean {
  return anyOf.length === 0 || anyOf.some((permission) => granted.includes(permission));
}
