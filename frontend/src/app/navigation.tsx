import type { NavItem, NavSection } from "@/components/app-shell/app-shell";
import {
  CalendarIcon,
  ChartIcon,
  ChecklistIcon,
  DashboardIcon,
  EyeIcon,
  FilterIcon,
  GaugeIcon,
  MailIcon,
  PulseIcon,
  RouteIcon,
  SettingsIcon,
  TemplateIcon,
  UsersIcon,
} from "@/components/icons/icons";
import { access } from "@/config/access";
import { paths } from "@/config/paths";
import { hasAnyPermission, type Permission } from "@/lib/permissions";

interface GuardedNavItem extends NavItem {
  /** Shown when the active role holds any of these (the route checks the same list). */
  requires: readonly Permission[];
}

interface GuardedNavSection extends Omit<NavSection, "items"> {
  items: GuardedNavItem[];
}

export const staffNavigation: GuardedNavSection[] = [
  {
    items: [
      { label: "Journeys", to: paths.journeys, icon: <RouteIcon />, requires: access.journeys },
      {
        label: "Job types",
        to: paths.jobTypes,
        icon: <ChecklistIcon />,
        requires: access.jobTypes,
      },
      {
        label: "Customer wording",
        to: paths.customerWording,
        icon: <TemplateIcon />,
        requires: access.customerWording,
      },
      {
        label: "Dashboards",
        to: paths.dashboards,
        icon: <DashboardIcon />,
        requires: access.dashboards,
      },
      {
        label: "Templates",
        to: paths.templates,
        icon: <TemplateIcon />,
        requires: access.templates,
      },
      {
        label: "Supervisor",
        to: paths.supervisor,
        icon: <EyeIcon />,
        requires: access.supervisor,
      },
      { label: "Contacts", to: paths.contacts, icon: <UsersIcon />, requires: access.contacts },
      { label: "Segments", to: paths.segments, icon: <FilterIcon />, requires: access.contacts },
      { label: "Events", to: paths.events, icon: <PulseIcon />, requires: access.events },
      { label: "Messages", to: paths.messages, icon: <MailIcon />, requires: access.messages },
      { label: "Outbox", to: paths.outbox, icon: <MailIcon />, requires: access.messages },
      { label: "Reports", to: paths.reports, icon: <ChartIcon />, requires: access.reports },
    ],
  },
  {
    label: "Sales",
    items: [
      {
        label: "Projects",
        to: paths.salesProjects,
        icon: <ChecklistIcon />,
        requires: access.sales,
      },
      {
        label: "Processes",
        to: paths.salesProcesses,
        icon: <RouteIcon />,
        requires: access.salesManage,
      },
    ],
  },
  {
    label: "Automation",
    items: [
      { label: "Scoring", to: paths.scoring, icon: <GaugeIcon />, requires: access.automation },
      {
        label: "Schedules",
        to: paths.schedules,
        icon: <CalendarIcon />,
        requires: access.automation,
      },
    ],
  },
  {
    label: "Workspace",
    items: [{ label: "Admin", to: paths.admin, icon: <SettingsIcon />, requires: access.admin }],
  },
];

/** The navigation the active role may use: entries it lacks are left out, empty sections too. */
export function navigationFor(
  permissions: readonly string[],
  sections: GuardedNavSection[] = staffNavigation,
): NavSection[] {
  return sections
    .map(({ items, ...section }) => ({
      ...section,
      items: items
        .filter((item) => hasAnyPermission(permissions, item.requires))
        .map(({ requires: _requires, ...item }) => item),
    }))
    .filter((section) => section.items.length > 0);
}
