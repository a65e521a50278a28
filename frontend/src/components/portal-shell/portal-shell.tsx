import { Badge, Container, Group } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { LogoMark } from "@/components/icons/icons";
import { MAIN_CONTENT_ID, SkipLink } from "@/components/skip-link/skip-link";
import classes from "./portal-shell.module.css";

interface PortalShellProps {
  homeHref: string;
  /** Right-hand side of the header, after the portal badge (sign out…). */
  headerEnd?: ReactNode;
  children: ReactNode;
}

/** The customer portal's layout: a slim header and centred content, no staff navigation. */
export function PortalShell({ homeHref, headerEnd, children }: PortalShellProps) {
  return (
    <>
      <SkipLink />
      <header className={classes.header}>
        <Container size="md" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Link to={homeHref} className={classes.brand}>
              <LogoMark />
              <span>Waymark</span>
            </Link>
            <Group gap="sm" wrap="nowrap">
              <Badge variant="light" color="gray" size="lg" radius="sm">
                Customer portal
              </Badge>
              {headerEnd}
            </Group>
          </Group>
        </Container>
      </header>
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <Container size="md" py="xl">
          {children}
        </Container>
      </main>
    </>
  );
}
