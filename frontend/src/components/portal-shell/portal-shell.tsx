import { Badge, Burger, Container, Drawer, Group } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { type ReactNode, useId } from "react";
import { Link } from "react-router";
import { LogoMark } from "@/components/icons/icons";
import { MAIN_CONTENT_ID, SkipLink } from "@/components/skip-link/skip-link";
import { useBelow } from "@/lib/use-below";
import classes from "./portal-shell.module.css";

export type PortalNavLayout = "row" | "drawer";

interface PortalShellProps {
  homeHref: string;
  /** Right-hand side of the header, after the portal badge (sign out…). */
  headerEnd?: ReactNode;
  /**
   * The sections' navigation, for a signed-in customer: a row of links under the header on
   * a wide screen, a drawer behind the header's menu button on a phone. `close` is called
   * when a link is followed, so the drawer goes away.
   */
  navigation?: (layout: PortalNavLayout, close: () => void) => ReactNode;
  children: ReactNode;
}

/** The customer portal's layout: a slim header and centred content, no staff navigation. */
export function PortalShell({ homeHref, headerEnd, navigation, children }: PortalShellProps) {
  const isPhone = useBelow("sm");
  const [opened, drawer] = useDisclosure(false);
  const drawerId = useId();

  return (
    <>
      <SkipLink />
      <header className={classes.header}>
        <Container size="md" h="100%" px={{ base: "xs", sm: "md" }}>
          <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              {navigation && isPhone && (
                <Burger
                  opened={opened}
                  onClick={drawer.toggle}
                  size="sm"
                  className={classes.burger}
                  aria-label={opened ? "Close menu" : "Open menu"}
                  aria-expanded={opened}
                  aria-controls={drawerId}
                />
              )}
              <Link to={homeHref} className={classes.brand}>
                <LogoMark />
                <span>Waymark</span>
              </Link>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Badge variant="light" color="gray" size="lg" radius="sm" visibleFrom="sm">
                Customer portal
              </Badge>
              {headerEnd}
            </Group>
          </Group>
        </Container>
      </header>
      {navigation && isPhone && (
        <Drawer
          id={drawerId}
          opened={opened}
          onClose={drawer.close}
          title="Customer portal"
          size="xs"
          closeButtonProps={{ "aria-label": "Close menu" }}
        >
          {navigation("drawer", drawer.close)}
        </Drawer>
      )}
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <Container size="md" py={{ base: "md", sm: "xl" }} px={{ base: "sm", sm: "md" }}>
          {navigation && !isPhone && navigation("row", drawer.close)}
          {children}
        </Container>
      </main>
    </>
  );
}
