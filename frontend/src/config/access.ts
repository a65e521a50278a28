import type { Permission } from "@/lib/permissions";

/**
 * The permissions each staff area needs (any one of them). Navigation entries and route
 * guards both read this, so a link is shown exactly when its page would open.
 */
export const access = {
  journeys: ["journeys:read"],
  automation: ["journeys:read"],
  dashboards: ["jobs:work"],
  jobs: ["jobs:work", "jobs:supervise"],
  jobTypes: ["job_types:manage"],
  customerWording: ["portal:wording"],
  supervisor: ["jobs:supervise"],
  contacts: ["contacts:read"],
  templates: ["journeys:read"],
  messages: ["contacts:read"],
  events: ["events:read"],
  reports: ["reports:read"],
  sales: ["sales:work", "sales:manage"],
  salesManage: ["sales:manage"],
  admin: ["accounts:manage", "keys:manage"],
  adminAccounts: ["accounts:manage"],
  adminKeys: ["keys:manage"],
} as const satisfies Record<string, readonly Permission[]>;
