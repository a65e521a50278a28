import type { NavSection } from "@/components/app-shell/app-shell";
import {
  ChartIcon,
  DashboardIcon,
  PortalIcon,
  RouteIcon,
  SettingsIcon,
  UsersIcon,
} from "@/components/icons/icons";
import { paths } from "@/config/paths";

export const staffNavigation: NavSection[] = [
  {
    items: [
      { label: "Journeys", to: paths.journeys, icon: <RouteIcon /> },
      { label: "Dashboards", to: paths.dashboards, icon: <DashboardIcon /> },
      { label: "Contacts", to: paths.contacts, icon: <UsersIcon /> },
      { label: "Reports", to: paths.reports, icon: <ChartIcon /> },
    ],
  },
  {
    label: "Workspace",
    items: [{ label: "Admin", to: paths.admin, icon: <SettingsIcon /> }],
  },
  {
    label: "Customer-facing",
    items: [{ label: "Portal", to: paths.portal, icon: <PortalIcon /> }],
  },
];
