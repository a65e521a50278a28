/** Every route path of the SPA in one place, so links and the router cannot disagree. */
export const paths = {
  root: "/",
  login: "/login",
  invite: "/invite/:token",
  journeys: "/journeys",
  dashboards: "/dashboards",
  dashboard: "/dashboards/:role",
  contacts: "/contacts",
  reports: "/reports",
  admin: "/admin",
  adminUsers: "/admin/users",
  adminRoles: "/admin/roles",
  adminApiKeys: "/admin/api-keys",
  adminAudit: "/admin/audit",
  portal: "/portal",
  portalLogin: "/portal/login",
} as const;

export function dashboardPath(role: string): string {
  return `${paths.dashboards}/${encodeURIComponent(role)}`;
}
