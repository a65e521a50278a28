import { Group, NavLink as MantineNavLink, Stack } from "@mantine/core";
import { NavLink, useLocation } from "react-router";
import type { PortalNavLayout } from "@/components/portal-shell/portal-shell";
import { paths } from "@/config/paths";

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

interface PortalNavProps {
  /** The customer is an affiliate: their referrals are a section too. */
  affiliate: boolean;
  /** A wrapping row of links (wide screens) or a list in the phone's drawer. */
  layout: PortalNavLayout;
  /** Called when a link is followed (the drawer closes). */
  onNavigate?: () => void;
}

/** The portal's sections. */
export function PortalNav({ affiliate, layout, onNavigate }: PortalNavProps) {
  const { pathname } = useLocation();
  const links = ITEMS.filter((item) => affiliate || !item.affiliate).map((item) => {
    const active = item.to === paths.portal ? pathname === item.to : pathname.startsWith(item.to);
    return (
      <MantineNavLink
        key={item.to}
        component={NavLink}
        to={item.to}
        end={item.to === paths.portal}
        label={item.label}
        active={active}
        aria-current={active ? "page" : undefined}
        w={layout === "row" ? "auto" : undefined}
        onClick={onNavigate}
        style={{ borderRadius: "var(--mantine-radius-md)", whiteSpace: "nowrap" }}
      />
    );
  });
  return (
    <nav aria-label="Portal sections">
      {layout === "row" ? (
        // Wraps onto a second line rather than running off the edge of a tablet.
        <Group gap={4} wrap="wrap" mb="lg">
          {links}
        </Group>
      ) : (
        <Stack gap={2}>{links}</Stack>
      )}
    </nav>
  );
}
