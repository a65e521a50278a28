import { Group, NavLink as MantineNavLink, ScrollArea } from "@mantine/core";
import { NavLink, useLocation } from "react-router";
import { paths } from "@/config/paths";
import { useCurrentUser } from "@/lib/auth";

interface Item {
  label: string;
  to: string;
  /** Only for affiliates. */
  affiliate?: boolean;
}

const ITEMS: Item[] = [
  { label: "Home", to: paths.portal },
  { label: "Orders", to: paths.portalOrders },
  { label: "Returns", to: paths.portalReturns },
  { label: "Support", to: paths.portalTickets },
  { label: "Appointments", to: paths.portalAppointments },
  { label: "Messages", to: paths.portalMessages },
  { label: "Documents", to: paths.portalDocuments },
  { label: "My details", to: paths.portalProfile },
  { label: "My data", to: paths.portalData },
  { label: "Referrals", to: paths.portalReferrals, affiliate: true },
];

/** The portal's sections, as a row of links under the header. */
export function PortalNav() {
  const me = useCurrentUser();
  const { pathname } = useLocation();
  const affiliate = me.permissions.includes("portal:affiliate");
  return (
    <nav aria-label="Portal sections">
      <ScrollArea type="auto" offsetScrollbars>
        <Group gap={4} wrap="nowrap" mb="lg">
          {ITEMS.filter((item) => affiliate || !item.affiliate).map((item) => {
            const active =
              item.to === paths.portal ? pathname === item.to : pathname.startsWith(item.to);
            return (
              <MantineNavLink
                key={item.to}
                component={NavLink}
                to={item.to}
                end={item.to === paths.portal}
                label={item.label}
                active={active}
                aria-current={active ? "page" : undefined}
                w="auto"
                style={{ borderRadius: "var(--mantine-radius-md)", whiteSpace: "nowrap" }}
              />
            );
          })}
        </Group>
      </ScrollArea>
    </nav>
  );
}
