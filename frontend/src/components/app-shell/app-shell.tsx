import {
  Burger,
  Group,
  AppShell as MantineAppShell,
  type MantineBreakpoint,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { useDisclosure, useLocalStorage } from "@mantine/hooks";
import { type ReactNode, useId } from "react";
import { Link, NavLink as RouterNavLink, useMatch } from "react-router";
import { LogoMark } from "@/components/icons/icons";
import { MAIN_CONTENT_ID, SkipLink } from "@/components/skip-link/skip-link";
import { useBelow } from "@/lib/use-below";
import classes from "./app-shell.module.css";

export interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
  description?: string;
}

export interface NavSection {
  /** Shown above the section's links; omit for the first section. */
  label?: string;
  items: NavItem[];
}

interface AppShellProps {
  sections: NavSection[];
  /** Right-hand side of the header (status, user menu…). */
  headerEnd?: ReactNode;
  homeHref?: string;
  children: ReactNode;
}

/**
 * Below this the navbar is a drawer behind the header's menu button: a phone, and a tablet
 * held upright (768 px), whose pages need the whole width more than a column of links.
 */
export const NAVBAR_BREAKPOINT: MantineBreakpoint = "md";

/** Where a wide screen remembers that its navigation was hidden (the canvas wants room). */
export const NAVBAR_HIDDEN_KEY = "waymark.navigation-hidden";

/** The staff layout: header, navbar (a drawer on small screens, hideable on wide ones), main. */
export function AppShell({ sections, headerEnd, homeHref = "/", children }: AppShellProps) {
  const [mobileOpened, mobile] = useDisclosure(false);
  const [desktopHidden, setDesktopHidden] = useLocalStorage({
    key: NAVBAR_HIDDEN_KEY,
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  const navbarId = useId();
  const isSmall = useBelow(NAVBAR_BREAKPOINT);
  const navbarShown = isSmall ? mobileOpened : !desktopHidden;
  const toggleLabel = isSmall
    ? mobileOpened
      ? "Close navigation"
      : "Open navigation"
    : desktopHidden
      ? "Show the navigation"
      : "Hide the navigation";

  return (
    <>
      <SkipLink />
      <MantineAppShell
        header={{ height: 60 }}
        navbar={{
          width: 248,
          breakpoint: NAVBAR_BREAKPOINT,
          collapsed: { mobile: !mobileOpened, desktop: desktopHidden },
        }}
        padding={{ base: "sm", sm: "md", lg: "lg" }}
      >
        <MantineAppShell.Header px={{ base: "xs", sm: "md" }}>
          <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap" miw={0}>
              <Tooltip label={toggleLabel} disabled={isSmall}>
                <Burger
                  opened={navbarShown}
                  onClick={isSmall ? mobile.toggle : () => setDesktopHidden(!desktopHidden)}
                  size="sm"
                  className={classes.burger}
                  aria-label={toggleLabel}
                  aria-expanded={navbarShown}
                  aria-controls={navbarId}
                />
              </Tooltip>
              <Link to={homeHref} className={classes.brand}>
                <LogoMark />
                <span className={classes.brandName}>Waymark</span>
              </Link>
            </Group>
            {headerEnd}
          </Group>
        </MantineAppShell.Header>

        <MantineAppShell.Navbar
          id={navbarId}
          aria-label="Main navigation"
          // Off-screen while collapsed: keep its links out of the Tab order.
          inert={!navbarShown}
        >
          <MantineAppShell.Section grow component={ScrollArea} type="auto" p="sm">
            <Stack gap="lg">
              {sections.map((section, index) => (
                <div key={section.label ?? index}>
                  {section.label && (
                    <Text
                      size="xs"
                      fw={600}
                      tt="uppercase"
                      c="dimmed"
                      className={classes.sectionLabel}
                    >
                      {section.label}
                    </Text>
                  )}
                  <Stack gap={2}>
                    {section.items.map((item) => (
                      <ShellNavLink key={item.to} item={item} onNavigate={mobile.close} />
                    ))}
                  </Stack>
                </div>
              ))}
            </Stack>
          </MantineAppShell.Section>
        </MantineAppShell.Navbar>

        <MantineAppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
          {children}
        </MantineAppShell.Main>
      </MantineAppShell>
    </>
  );
}

function ShellNavLink({ item, onNavigate }: { item: NavItem; onNavigate: () => void }) {
  // Active for the item's own page and everything below it (/journeys/42 → Journeys).
  const active = useMatch({ path: item.to, end: false }) !== null;
  return (
    <NavLink
      // RouterNavLink also sets aria-current="page" for assistive technology.
      component={RouterNavLink}
      to={item.to}
      label={item.label}
      description={item.description}
      leftSection={item.icon}
      active={active}
      variant="light"
      className={classes.navLink}
      onClick={onNavigate}
    />
  );
}
