/** Every route path of the SPA in one place, so links and the router cannot disagree. */
export const paths = {
  root: "/",
  login: "/login",
  invite: "/invite/:token",
  journeys: "/journeys",
  journey: "/journeys/:id",
  journeyVersion: "/journeys/:id/versions/:version",
  enrollment: "/enrollments/:id",
  dashboards: "/dashboards",
  dashboard: "/dashboards/:role",
  job: "/jobs/:id",
  jobTypes: "/job-types",
  customerWording: "/customer-wording",
  supervisor: "/supervisor",
  contacts: "/contacts",
  templates: "/templates",
  templateNew: "/templates/new",
  template: "/templates/:id",
  messages: "/messages",
  outbox: "/outbox",
  contact: "/contacts/:id",
  segments: "/segments",
  segmentNew: "/segments/new",
  segment: "/segments/:id",
  events: "/events",
  reports: "/reports",
  salesProjects: "/sales/projects",
  salesProject: "/sales/projects/:id",
  salesProjectSettings: "/sales/projects/:id/settings",
  salesProcesses: "/sales/processes",
  scoring: "/automation/scoring",
  schedules: "/automation/schedules",
  admin: "/admin",
  adminUsers: "/admin/users",
  adminRoles: "/admin/roles",
  adminApiKeys: "/admin/api-keys",
  adminAudit: "/admin/audit",
  adminWebhookNetworks: "/admin/webhook-networks",
  portal: "/portal",
  portalLogin: "/portal/login",
  portalLoginLink: "/portal/login/link",
  portalRegister: "/portal/register",
  portalProfile: "/portal/profile",
  portalOrders: "/portal/orders",
  portalReturns: "/portal/returns",
  portalTickets: "/portal/tickets",
  portalAppointments: "/portal/appointments",
  portalRecord: "/portal/records/:id",
  portalMessages: "/portal/messages",
  portalData: "/portal/my-data",
  portalDocuments: "/portal/documents",
  portalReferrals: "/portal/referrals",
} as const;

export function portalRecordPath(id: string): string {
  return `/portal/records/${encodeURIComponent(id)}`;
}

export function dashboardPath(role: string): string {
  return `${paths.dashboards}/${encodeURIComponent(role)}`;
}

export function journeyPath(id: string): string {
  return `${paths.journeys}/${encodeURIComponent(id)}`;
}

export function journeyVersionPath(id: string, version: number): string {
  return `${journeyPath(id)}/versions/${version}`;
}

export function enrollmentPath(id: string): string {
  return `/enrollments/${encodeURIComponent(id)}`;
}

export function templatePath(id: string): string {
  return `${paths.templates}/${encodeURIComponent(id)}`;
}

export function contactPath(id: string): string {
  return `${paths.contacts}/${encodeURIComponent(id)}`;
}

export function segmentPath(id: string): string {
  return `${paths.segments}/${encodeURIComponent(id)}`;
}

export function jobPath(id: string): string {
  return `/jobs/${encodeURIComponent(id)}`;
}

export function salesProjectPath(id: string): string {
  return `/sales/projects/${encodeURIComponent(id)}`;
}

export function salesProjectSettingsPath(id: string): string {
  return `${salesProjectPath(id)}/settings`;
}
