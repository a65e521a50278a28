import { Outlet } from "react-router";
import { AppShell } from "@/components/app-shell/app-shell";
import { paths } from "@/config/paths";
import { HealthBadge } from "@/features/health/components/health-badge";
import { staffNavigation } from "../navigation";

export function StaffLayout() {
  return (
    <AppShell sections={staffNavigation} headerEnd={<HealthBadge />} homeHref={paths.root}>
      <Outlet />
    </AppShell>
  );
}
