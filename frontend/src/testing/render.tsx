import type { MantineThemeOverride } from "@mantine/core";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { AppProviders } from "@/app/providers";
import { routes } from "@/app/router";
import { createQueryClient } from "@/lib/query-client";

function testQueryClient() {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false, refetchInterval: false } });
  return client;
}

/**
 * happy-dom lays nothing out, so every element measures 0×0 and Mantine would hide
 * popovers (menus, selects) as "detached" from their target; and transitions only slow
 * tests down.
 */
const testTheme: MantineThemeOverride = {
  components: {
    Popover: { defaultProps: { hideDetached: false, transitionProps: { duration: 0 } } },
    Modal: { defaultProps: { transitionProps: { duration: 0 } } },
  },
};

/** Renders `ui` inside the app's providers with a fresh query cache. */
export function renderWithProviders(ui: ReactElement) {
  const queryClient = testQueryClient();
  return {
    queryClient,
    ...render(
      <AppProviders queryClient={queryClient} themeOverride={testTheme}>
        {ui}
      </AppProviders>,
    ),
  };
}

/** Renders the whole app, with its real routes, at `path`. */
export function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return {
    router,
    ...renderWithProviders(<RouterProvider router={router} useTransitions={false} />),
  };
}
