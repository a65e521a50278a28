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

/** No enter/leave animation: an element is shown (or gone) in the render that asks for it. */
const NO_TRANSITION = { transitionProps: { duration: 0, exitDuration: 0 } };

/**
 * happy-dom lays nothing out, so every element measures 0×0 and Mantine would hide
 * popovers (menus, selects) as "detached" from their target.
 *
 * Transitions are off: a test must not depend on the machine being idle, and an element
 * still fading in is not "visible" to `toBeVisible`. `respectReducedMotion` with the test
 * browser's `prefers-reduced-motion: reduce` (vite.config.ts) gives every Mantine
 * transition no duration; the components below also default to none, for the first
 * render before Mantine has read the media query.
 */
export const testTheme: MantineThemeOverride = {
  respectReducedMotion: true,
  components: {
    Popover: { defaultProps: { hideDetached: false, ...NO_TRANSITION } },
    Modal: { defaultProps: NO_TRANSITION },
    Drawer: { defaultProps: NO_TRANSITION },
    Menu: { defaultProps: NO_TRANSITION },
    Tooltip: { defaultProps: NO_TRANSITION },
    HoverCard: { defaultProps: NO_TRANSITION },
    Combobox: { defaultProps: NO_TRANSITION },
    Dialog: { defaultProps: NO_TRANSITION },
    LoadingOverlay: { defaultProps: NO_TRANSITION },
    Collapse: { defaultProps: { transitionDuration: 0 } },
    Accordion: { defaultProps: { transitionDuration: 0 } },
    Notifications: { defaultProps: { transitionDuration: 0 } },
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
