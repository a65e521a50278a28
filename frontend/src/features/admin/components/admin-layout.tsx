import { Stack, Text } from "@mantine/core";
import { Navigate, NavLink, Outlet } from "react-router";
import { access } from "@/config/access";
import { paths } from "@/config/paths";
import { useCurrentUser } from "@/lib/auth";
import { hasAnyPermission } from "@/lib/permissions";
import classes from "./admin-layout.module.css";

const SECTIONS = [
  { label: "Users", to: paths.adminUsers, requires: access.adminAccounts },
  { label: "Roles", to: paths.adminRoles, requires: access.adminAccounts },
  { label: "API keys", to: paths.adminApiKeys, requires: access.adminKeys },
  { label: "Webhook networks", to: paths.adminWebhookNetworks, requires: access.adminAccounts },
  { label: "Audit log", to: paths.adminAudit, requires: access.adminAccounts },
] as const;

function useAdminSections() {
  const { permissions } = useCurrentUser();
  return SECTIONS.filter((section) => hasAnyPermission(permissions, section.requires));
}

/** `/admin`: the first section the active role may open. */
export function AdminIndex() {
  const [first] = useAdminSections();
  return <Navigate to={first?.to ?? paths.root} replace />;
}

/** The admin area: a sub-navigation over its sections, then the section's page. */
export function AdminLayout() {
  const sections = useAdminSections();
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
          Admin
        </Text>
        <nav aria-label="Admin sections" className={classes.tabs}>
          {sections.map((section) => (
            <NavLink key={section.to} to={section.to} className={classes.tab}>
              {section.label}
            </NavLink>
          ))}
        </nav>
      </Stack>
      <Outlet />
    </Stack>
  );
}
