import { Outlet } from "react-router";
import { PortalShell } from "@/components/portal-shell/portal-shell";
import { paths } from "@/config/paths";

export function PortalLayout() {
  return (
    <PortalShell homeHref={paths.portal}>
      <Outlet />
    </PortalShell>
  );
}
