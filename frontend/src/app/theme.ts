import {
  Badge,
  type CSSVariablesResolver,
  createTheme,
  Menu,
  Modal,
  Notification,
} from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  // Shade 8 keeps white text on filled buttons and badges above WCAG AA (4.5:1); shade 7
  // (#1c7ed6) gives only 4.2:1.
  primaryShade: { light: 8, dark: 5 },
  defaultRadius: "md",
  fontFamily:
    "Inter, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: {
    fontWeight: "650",
    // A page's title (h1 drawn at h2 size) and section titles shrink a little on a phone,
    // so "Warehouse dashboard" is not three lines.
    sizes: {
      h2: { fontSize: "clamp(1.375rem, 1.1rem + 1.1vw, 1.625rem)" },
      h3: { fontSize: "clamp(1.125rem, 1rem + 0.6vw, 1.375rem)" },
    },
  },
  components: {
    // A badge's label hides its overflow, so in a table or a row of items it shrank to "In …"
    // or "Nor…". A badge is a word or two: it keeps the width of its text (the cell around it
    // wraps or the table scrolls instead), unless a max width asks for truncation.
    Badge: Badge.extend({
      styles: (_theme, props) => ({
        root: props.maw === undefined ? { minWidth: "max-content", flexShrink: 0 } : {},
      }),
    }),
    // Icon-only close buttons need a name for screen readers (axe: button-name).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close dialog" } } }),
    // The menu's focus placeholder is a <div> inside role="menu", which may only hold
    // menu items (axe: aria-required-children); the dropdown takes the focus instead.
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { "aria-label": "Close notification" } },
      // Under a title the text is gray 6 (3.3:1 on white, axe: color-contrast); gray 7 passes.
      styles: { description: { color: "var(--mantine-color-gray-7)" } },
    }),
  },
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
    // Field errors: red 6 is 3.3:1 on white; red 9 is 5.5:1.
    "--mantine-color-error": "var(--mantine-color-red-9)",
    ...Object.fromEntries(
      Object.keys(resolvedTheme.colors).map((color) => [
        `--mantine-color-${color}-light-color`,
        `var(--mantine-color-${color}-9)`,
      ]),
    ),
  },
  dark: {},
});
