/** Every route path of the SPA in one place, so links and the router cannot disagree. */
export const paths = {
  root: "/",
  journeys: "/journeys",
  dashboards: "/dashboards",
  contacts: "/contacts",
  reports: "/reports",
  admin: "/admin",
  portal: "/portal",
} as const;
