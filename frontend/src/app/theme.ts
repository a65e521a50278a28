import { type CSSVariablesResolver, createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  // Shade 7 keeps white text on filled buttons above WCAG AA (4.5:1).
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: "md",
  fontFamily:
    "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
});

/**
 * Mantine's defaults miss WCAG AA contrast in two places, and axe runs in our e2e tests:
 * dimmed text is gray 6 (3.3:1 on white), and "light" variants (active nav link, light
 * badges) print shade 7 on a tint of itself (3.6:1). Darker shades pass.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolvedTheme) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    ...Object.fromEntries(
      Object.keys(resolvedTheme.colors).map((color) => [
        `--mantine-color-${color}-light-color`,
        `var(--mantine-color-${color}-9)`,
      ]),
    ),
  },
  dark: {},
});
