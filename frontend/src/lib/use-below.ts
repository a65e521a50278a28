import { type MantineBreakpoint, useMantineTheme } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";

/**
 * The window is narrower than the theme's breakpoint (as Mantine's `hiddenFrom` reads it),
 * known from the first render so a phone never draws the wide layout first.
 */
export function useBelow(breakpoint: MantineBreakpoint): boolean {
  const theme = useMantineTheme();
  return useMediaQuery(`(max-width: calc(${theme.breakpoints[breakpoint]} - 0.1px))`, false, {
    getInitialValueInEffect: false,
  });
}
