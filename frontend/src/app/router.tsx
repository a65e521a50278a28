import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { NotFound } from "@/components/not-found/not-found";
import { PageLoader } from "@/components/page-loader/page-loader";
import { paths } from "@/config/paths";
import { PortalLayout } from "./routes/portal-layout";
import { RouteError } from "./routes/route-error";
import { StaffLayout } from "./routes/staff-layout";

// Feature pages load on demand, so the journey canvas and friends never weigh on the
// first paint of another page.
export const routes: RouteObject[] = [
  {
    path: paths.portal,
    Component: PortalLayout,
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoader,
    children: [
      {
        index: true,
        lazy: async () => ({
          Component: (await import("@/features/portal/components/portal-page")).PortalPage,
        }),
      },
      {
        path: "*",
        element: <NotFound homeHref={paths.portal} homeLabel="Back to the portal" />,
      },
    ],
  },
  {
    path: paths.root,
    Component: StaffLayout,
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoader,
    children: [
      { index: true, element: <Navigate to={paths.journeys} replace /> },
      {
        path: paths.journeys,
        lazy: async () => ({
          Component: (await import("@/features/journeys/components/journeys-page")).JourneysPage,
        }),
      },
      {
        path: paths.dashboards,
        lazy: async () => ({
          Component: (await import("@/features/dashboards/components/dashboards-page"))
            .DashboardsPage,
        }),
      },
      {
        path: paths.contacts,
        lazy: async () => ({
          Component: (await import("@/features/contacts/components/contacts-page")).ContactsPage,
        }),
      },
      {
        path: paths.reports,
        lazy: async () => ({
          Component: (await import("@/features/reports/components/reports-page")).ReportsPage,
        }),
      },
      {
        path: paths.admin,
        lazy: async () => ({
          Component: (await import("@/features/admin/components/admin-page")).AdminPage,
        }),
      },
      {
        path: "*",
        element: <NotFound homeHref={paths.journeys} homeLabel="Go to Journeys" />,
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
