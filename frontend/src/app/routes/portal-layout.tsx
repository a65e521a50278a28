import { Outlet } from "react-router";
import { PortalShell } from "@/components/portal-shell/portal-shell";
import { paths } from "@/config/paths";
import { SignOutButton } from "@/features/auth/components/sign-out-button";
import { PortalNav } from "@/features/portal/components/portal-nav";
import { RequireSession, useMe } from "@/lib/auth";
import { SessionError } from "./session-error";

/** The customer portal's look, for its sign-in page and its signed-in pages alike. */
export function PortalLayout() {
  const { data: me } = useMe();
  const customer = me?.kind === "customer" ? me : undefined;
  return (
    <PortalShell
      homeHref={paths.portal}
      headerEnd={customer ? <SignOutButton /> : undefined}
      navigation={
        customer
          ? (layout, close) => (
              <PortalNav
                affiliate={customer.permissions.includes("portal:affiliate")}
                layout={layout}
                onNavigate={close}
              />
            )
          : undefined
      }
    >
      <Outlet />
    </PortalShell>
  );
}

/** Portal pages other than sign-in: only for a signed-in customer. */
export function RequireCustomer() {
  return (
    <RequireSession
      kind="customer"
      errorElement={(error, retry) => <SessionError error={error} retry={retry} />}
    />
  );
}
