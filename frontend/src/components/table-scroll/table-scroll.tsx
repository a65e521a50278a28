import { Table } from "@mantine/core";
import type { ReactNode } from "react";

interface TableScrollProps {
  /** Names the region, e.g. "Users table"; keyboard users can focus it to scroll. */
  label: string;
  minWidth: number;
  children: ReactNode;
}

/**
 * A table that scrolls sideways on narrow screens. The scrolling box is a focusable,
 * labelled region, so it can be scrolled with the keyboard (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, minWidth, children }: TableScrollProps) {
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={minWidth}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </Table.ScrollContainer>
  );
}
