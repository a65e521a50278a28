import { Box, Center, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { LogoMark } from "@/components/icons/icons";
import { MAIN_CONTENT_ID, SkipLink } from "@/components/skip-link/skip-link";
import classes from "./auth-layout.module.css";

interface AuthLayoutProps {
  children: ReactNode;
  /** Under the card: links to the other sign-in page and the like. */
  footer?: ReactNode;
}

/** Sign-in, invite and other pages for people who are not signed in: one centred card. */
export function AuthLayout({ children, footer }: AuthLayoutProps) {
  return (
    <>
      <SkipLink />
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
        <Center mih="100dvh" px="md" py="xl">
          <Stack gap="lg" w="100%" maw={420}>
            <Box className={classes.brand}>
              <LogoMark size={36} />
              <Text component="span" fw={700} size="xl">
                Waymark
              </Text>
            </Box>
            <Paper withBorder shadow="sm" radius="lg" p="xl">
              {children}
            </Paper>
            {footer && (
              <Text size="sm" c="dimmed" ta="center">
                {footer}
              </Text>
            )}
          </Stack>
        </Center>
      </main>
    </>
  );
}
