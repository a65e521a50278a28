import { MantineProvider, type MantineThemeOverride, mergeThemeOverrides } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { cspNonce } from "@/lib/csp-nonce";
import { createQueryClient } from "@/lib/query-client";
import { cssVariablesResolver, theme } from "./theme";

interface AppProvidersProps {
  children: ReactNode;
  /** Tests pass their own client so each test starts with an empty cache. */
  queryClient?: QueryClient;
  /** Tests adjust the theme for happy-dom (which has no layout). */
  themeOverride?: MantineThemeOverride;
}

// Mantine writes its CSS variables into a <style> element, which the CSP admits by nonce.
const styleNonce = (): string => cspNonce() ?? "";

export function AppProviders({ children, queryClient, themeOverride }: AppProvidersProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const [resolvedTheme] = useState(() =>
    themeOverride ? mergeThemeOverrides(theme, themeOverride) : theme,
  );
  return (
    <MantineProvider
      theme={resolvedTheme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
      getStyleNonce={styleNonce}
    >
      <Notifications position="top-right" limit={4} />
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
