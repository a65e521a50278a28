import {
  ActionIcon,
  Burger,
  em,
  Group,
  AppShell as MantineAppShell,
  NavLink,
  Stack,
  Text,
  Tooltip,
  useMantineTheme,
} from "@mantine/core";
import { useDisclosure, useLocalStorage, useMediaQuery } from "@mantine/hooks";
import { type ReactNode, useId } from "react";
import { Link, NavLink as RouterNavLink, useMatch } from "react-router";
import { LogoMark } from "@/components/icons/icons";
import { MAIN_CONTENT_ID, SkipLink } from "@/components/skip-link/skip-link";
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

/** The staff layout: header, collapsible navbar and the main landmark. */
export function AppShell({ sections, headerEnd, homeHref = "/", children }: AppShellProps) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const navbarId = useId();
  const theme = useMantineTheme();
  const isMobile = useMediaQuery(`(max-width: ${em(theme.breakpoints.sm)})`);
  // On a wide screen the navigation can be hidden for room (the canvas wants it); kept
  // per browser, as the journey editor's folded palette is.
  const [hidden, setHidden] = useLocalStorage({
    key: "waymark.navigation-hidden",
    defaultValue: false,
  });

  return (
    <>
      <SkipLink />
      <MantineAppShell
        header={{ height: 60 }}
        navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: !opened, desktop: hidden } }}
        padding="lg"
      >
        <MantineAppShell.Header px="md">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? "Close navigation" : "Open navigation"}
                aria-expanded={opened}
                aria-controls={navbarId}
              />
              <Tooltip label={hidden ? "Show the navigation" : "Hide the navigation for room"}>
                <ActionIcon
                  visibleFrom="sm"
                  variant="subtle"
                  color="gray"
                  onClick={() => setHidden(!hidden)}
                  aria-label={hidden ? "Show the navigation" : "Hide the navigation"}
                  aria-expanded={!hidden}
                  aria-controls={navbarId}
                >
                  <span aria-hidden>{hidden ? "»" : "«"}</span>
                </ActionIcon>
              </Tooltip>
              <Link to={homeHref} className={classes.brand}>
                <LogoMark />
                <span>Waymark</span>
              </Link>
            </Group>
            {headerEnd}
          </Group>
        </MantineAppShell.Header>

        <MantineAppShell.Navbar
          id={navbarId}
          p="sm"
          aria-label="Main navigation"
          // Off-screen while collapsed: keep its links out of the Tab order.
          inert={isMobile ? !opened : hidden}
        >
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
                    <ShellNavLink key={item.to} item={item} onNavigate={close} />
                  ))}
                </Stack>
              </div>
            ))}
          </Stack>
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
