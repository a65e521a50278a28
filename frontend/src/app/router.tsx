import { createBrowserRouter, type RouteObject } from "react-router";
import { NotFound } from "@/components/not-found/not-found";
import { PageLoader } from "@/components/page-loader/page-loader";
import { access } from "@/config/access";
import { paths } from "@/config/paths";
import { RequirePermission } from "@/lib/authorization";
import { HomeRedirect } from "./routes/home-redirect";
import { PortalLayout, RequireCustomer } from "./routes/portal-layout";
import { RouteError } from "./routes/route-error";
import { StaffLayout } from "./routes/staff-layout";

// Feature pages load on demand, so the journey canvas and friends never weigh on the
// first paint of another page.
const admin = () => import("@/features/admin/components/admin-layout");
const dashboards = () => import("@/features/dashboards/components/dashboards-page");
const templateEditor = () => import("@/features/templates/components/template-editor-page");
const portal = {
  section: () => import("@/features/portal/components/portal-section"),
  home: () => import("@/features/portal/components/home-page"),
  records: () => import("@/features/portal/components/record-pages"),
  record: () => import("@/features/portal/components/record-page"),
  messages: () => import("@/features/portal/components/messages-page"),
  profile: () => import("@/features/portal/components/profile-page"),
  data: () => import("@/features/portal/components/data-page"),
  documents: () => import("@/features/portal/components/documents-page"),
  referrals: () => import("@/features/portal/components/referrals-page"),
};
const jobPage = () => import("@/features/jobs/components/job-page");
const sales = {
  projects: () => import("@/features/sales/components/projects-page"),
  board: () => import("@/features/sales/components/board-page"),
  settings: () => import("@/features/sales/components/project-settings-page"),
  processes: () => import("@/features/sales/components/processes-page"),
};

export const routes: RouteObject[] = [
  {
    path: paths.login,
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoader,
    lazy: async () => ({
      Component: (await import("@/features/auth/components/login-page")).LoginPage,
    }),
  },
  {
    path: paths.invite,
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoader,
    lazy: async () => ({
      Component: (await import("@/features/auth/components/invite-page")).InvitePage,
    }),
  },
  {
    path: paths.portal,
    Component: PortalLayout,
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoader,
    children: [
      {
        path: paths.portalLogin,
        lazy: async () => ({
          Component: (await import("@/features/auth/components/portal-login-page")).PortalLoginPage,
        }),
      },
      {
        path: paths.portalLoginLink,
        lazy: async () => ({
          Component: (await import("@/features/auth/components/portal-link-page")).PortalLinkPage,
        }),
      },
      {
        path: paths.portalRegister,
        lazy: async () => ({
          Component: (await import("@/features/auth/components/portal-register-page"))
            .PortalRegisterPage,
        }),
      },
      {
        // Everything else in the portal is for a signed-in customer.
        Component: RequireCustomer,
        children: [
          {
            lazy: async () => ({ Component: (await portal.section()).PortalSection }),
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await portal.home()).HomePage }),
              },
              {
                path: paths.portalOrders,
                lazy: async () => ({ Component: (await portal.records()).OrdersPage }),
              },
              {
                path: paths.portalReturns,
                lazy: async () => ({ Component: (await portal.records()).ReturnsPage }),
              },
              {
                path: paths.portalTickets,
                lazy: async () => ({ Component: (await portal.records()).TicketsPage }),
              },
              {
                path: paths.portalAppointments,
                lazy: async () => ({ Component: (await portal.records()).AppointmentsPage }),
              },
              {
                path: paths.portalRecord,
                lazy: async () => ({ Component: (await portal.record()).RecordPage }),
              },
              {
                path: paths.portalMessages,
                lazy: async () => ({ Component: (await portal.messages()).MessagesPage }),
              },
              {
                path: paths.portalDocuments,
                lazy: async () => ({ Component: (await portal.documents()).DocumentsPage }),
              },
              {
                path: paths.portalProfile,
                lazy: async () => ({ Component: (await portal.profile()).ProfilePage }),
              },
              {
                path: paths.portalData,
                lazy: async () => ({ Component: (await portal.data()).DataPage }),
              },
              {
                path: paths.portalReferrals,
                lazy: async () => ({ Component: (await portal.referrals()).ReferralsPage }),
              },
              {
                path: "*",
                element: <NotFound homeHref={paths.portal} homeLabel="Back to the portal" />,
              },
            ],
          },
        ],
      },
    ],
  },
  {
    path: paths.root,
    // Signed-in staff only; each area below also names the permission it needs.
    Component: StaffLayout,
    ErrorBoundary: RouteError,
    HydrateFallback: PageLoader,
    children: [
      { index: true, Component: HomeRedirect },
      {
        element: <RequirePermission anyOf={access.journeys} />,
        children: [
          {
            path: paths.journeys,
            lazy: async () => ({
              Component: (await import("@/features/journeys/components/journeys-page"))
                .JourneysPage,
            }),
          },
          {
            path: paths.journey,
            lazy: async () => ({
              Component: (await import("./routes/journey-route")).JourneyRoute,
            }),
          },
          {
            path: paths.journeyVersion,
            lazy: async () => ({
              Component: (await import("@/features/journeys/components/editor/version-page"))
                .JourneyVersionPage,
            }),
          },
          {
            path: paths.enrollment,
            lazy: async () => ({
              Component: (await import("@/features/journeys/components/path/enrollment-path-page"))
                .EnrollmentPathPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.automation} />,
        children: [
          {
            path: paths.scoring,
            lazy: async () => ({
              Component: (await import("@/features/automation/components/scoring-page"))
                .ScoringPage,
            }),
          },
          {
            path: paths.schedules,
            lazy: async () => ({
              Component: (await import("@/features/automation/components/schedules-page"))
                .SchedulesPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.dashboards} />,
        children: [
          {
            path: paths.dashboards,
            lazy: async () => ({ Component: (await dashboards()).DashboardsIndex }),
          },
          {
            path: paths.dashboard,
            lazy: async () => ({ Component: (await dashboards()).RoleDashboardPage }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.jobs} />,
        children: [
          { path: paths.job, lazy: async () => ({ Component: (await jobPage()).JobPage }) },
        ],
      },
      {
        element: <RequirePermission anyOf={access.supervisor} />,
        children: [
          {
            path: paths.supervisor,
            lazy: async () => ({
              Component: (await import("@/features/jobs/components/supervisor-page"))
                .SupervisorPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.jobTypes} />,
        children: [
          {
            path: paths.jobTypes,
            lazy: async () => ({
              Component: (await import("@/features/jobs/components/job-types-page")).JobTypesPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.customerWording} />,
        children: [
          {
            path: paths.customerWording,
            lazy: async () => ({
              Component: (
                await import("@/features/customer-wording/components/customer-wording-page")
              ).CustomerWordingPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.contacts} />,
        children: [
          {
            path: paths.contacts,
            lazy: async () => ({
              Component: (await import("@/features/contacts/components/contacts-page"))
                .ContactsPage,
            }),
          },
          {
            path: paths.contact,
            lazy: async () => ({
              Component: (await import("@/features/contacts/components/contact-page")).ContactPage,
            }),
          },
          {
            path: paths.segments,
            lazy: async () => ({
              Component: (await import("@/features/segments/components/segments-page"))
                .SegmentsPage,
            }),
          },
          {
            path: paths.segmentNew,
            lazy: async () => ({
              Component: (await import("@/features/segments/components/segment-editor-page"))
                .SegmentEditorPage,
            }),
          },
          {
            path: paths.segment,
            lazy: async () => ({
              Component: (await import("@/features/segments/components/segment-editor-page"))
                .SegmentEditorPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.templates} />,
        children: [
          {
            path: paths.templates,
            lazy: async () => ({
              Component: (await import("@/features/templates/components/templates-page"))
                .TemplatesPage,
            }),
          },
          {
            path: paths.templateNew,
            lazy: async () => ({ Component: (await templateEditor()).TemplateEditorPage }),
          },
          {
            path: paths.template,
            lazy: async () => ({ Component: (await templateEditor()).TemplateEditorPage }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.messages} />,
        children: [
          {
            path: paths.messages,
            lazy: async () => ({
              Component: (await import("@/features/messages/components/messages-page"))
                .MessagesPage,
            }),
          },
          {
            path: paths.outbox,
            lazy: async () => ({
              Component: (await import("@/features/messages/components/outbox-page")).OutboxPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.events} />,
        children: [
          {
            path: paths.events,
            lazy: async () => ({
              Component: (await import("@/features/events/components/events-page")).EventsPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.sales} />,
        children: [
          {
            path: paths.salesProjects,
            lazy: async () => ({ Component: (await sales.projects()).ProjectsPage }),
          },
          {
            path: paths.salesProject,
            lazy: async () => ({ Component: (await sales.board()).BoardPage }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.salesManage} />,
        children: [
          {
            path: paths.salesProjectSettings,
            lazy: async () => ({ Component: (await sales.settings()).ProjectSettingsPage }),
          },
          {
            path: paths.salesProcesses,
            lazy: async () => ({ Component: (await sales.processes()).ProcessesPage }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.reports} />,
        children: [
          {
            path: paths.reports,
            lazy: async () => ({
              Component: (await import("@/features/reports/components/reports-page")).ReportsPage,
            }),
          },
        ],
      },
      {
        element: <RequirePermission anyOf={access.admin} />,
        children: [
          {
            path: paths.admin,
            lazy: async () => ({ Component: (await admin()).AdminLayout }),
            children: [
              { index: true, lazy: async () => ({ Component: (await admin()).AdminIndex }) },
              {
                element: <RequirePermission anyOf={access.adminAccounts} />,
                children: [
                  {
                    path: paths.adminUsers,
                    lazy: async () => ({
                      Component: (await import("@/features/admin/components/users-page")).UsersPage,
                    }),
                  },
                  {
                    path: paths.adminRoles,
                    lazy: async () => ({
                      Component: (await import("@/features/admin/components/roles-page")).RolesPage,
                    }),
                  },
                  {
                    path: paths.adminAudit,
                    lazy: async () => ({
                      Component: (await import("@/features/admin/components/audit-page")).AuditPage,
                    }),
                  },
                  {
                    path: paths.adminWebhookNetworks,
                    lazy: async () => ({
                      Component: (await import("@/features/admin/components/webhook-networks-page"))
                        .WebhookNetworksPage,
                    }),
                  },
                ],
              },
              {
                element: <RequirePermission anyOf={access.adminKeys} />,
                children: [
                  {
                    path: paths.adminApiKeys,
                    lazy: async () => ({
                      Component: (await import("@/features/admin/components/api-keys-page"))
                        .ApiKeysPage,
                    }),
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        path: "*",
        element: <NotFound homeHref={paths.root} homeLabel="Go to your home page" />,
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
