import type { Me, Role } from "@/lib/auth";
import { PERMISSIONS } from "@/lib/permissions";
import { healthyApi, jsonResponse } from "./fetch-mock";

/** Roles as the demo data defines them (backend/app/demo.py). */
export const roles = {
  superUser: {
    name: "super_user",
    label: "Super-user",
    permissions: PERMISSIONS.filter(
      (permission) => permission !== "portal:self" && permission !== "portal:affiliate",
    ),
    queue: null,
    dashboard: "/admin/users",
  },
  marketer: {
    name: "marketer",
    label: "Marketer",
    permissions: [
      "journeys:read",
      "journeys:write",
      "journeys:publish",
      "contacts:read",
      "events:read",
      "reports:read",
      "job_types:manage",
      "portal:wording",
    ],
    queue: null,
    dashboard: "/journeys",
  },
  warehouse: {
    name: "warehouse",
    label: "Warehouse",
    permissions: ["jobs:work", "contacts:read"],
    queue: "warehouse",
    dashboard: "/dashboards/warehouse",
  },
  customer: {
    name: "customer",
    label: "Customer",
    permissions: ["portal:self"],
    queue: null,
    dashboard: "/portal",
  },
} satisfies Record<string, Role>;

function makeMe(overrides: Partial<Me> & Pick<Me, "email" | "name" | "roles" | "active_role">): Me {
  const active = overrides.roles.find((role) => role.name === overrides.active_role);
  return {
    id: `user-${overrides.active_role}`,
    contact_id: `contact-${overrides.active_role}`,
    kind: "staff",
    primary_role: overrides.active_role,
    permissions: active?.permissions ?? [],
    csrf_token: `csrf-${overrides.active_role}`,
    ...overrides,
  };
}

export const superUser = makeMe({
  email: "super-user@waymark.local",
  name: "Morgan Reyes",
  roles: [roles.superUser, roles.marketer],
  active_role: "super_user",
});

export const marketer = makeMe({
  email: "marketer@waymark.local",
  name: "Priya Shah",
  roles: [roles.marketer],
  active_role: "marketer",
});

export const warehouseWorker = makeMe({
  email: "warehouse@waymark.local",
  name: "Wes Carter",
  roles: [roles.warehouse],
  active_role: "warehouse",
});

export const customer = makeMe({
  email: "ada@example.com",
  name: "Ada Lovelace",
  kind: "customer",
  roles: [roles.customer],
  active_role: "customer",
});

/** The same user acting in another of their roles (what POST /auth/role answers). */
export function actingAs(me: Me, roleName: string): Me {
  const role = me.roles.find((candidate) => candidate.name === roleName);
  if (!role) throw new Error(`${me.email} has no role ${roleName}`);
  return {
    ...me,
    active_role: roleName,
    permissions: role.permissions,
    csrf_token: `csrf-${roleName}`,
  };
}

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}) {
  return jsonResponse(
    { type: "about:blank", title: "Error", status, detail, ...extra },
    { status, contentType: "application/problem+json" },
  );
}

/** A healthy API where `me` is signed in (or nobody, with `null`). */
export function signedInApi(me: Me | null) {
  return {
    ...healthyApi,
    "GET /api/v1/auth/me": () => (me ? jsonResponse(me) : problem(401, "Sign in to continue.")),
    "GET /api/v1/auth/config": () =>
      jsonResponse({ password: true, sso: { enabled: false, label: "SSO" } }),
    "GET /api/v1/notifications": () => jsonResponse({ items: [], unread: 0 }),
  };
}
