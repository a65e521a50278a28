import { waitFor, type waitForOptions } from "@testing-library/react";
import { expect } from "vitest";

/**
 * Waits until the element `query` finds is visible — in the document, and neither hidden
 * nor still fading in — and returns it. Use it for whatever appears in a drawer, a modal,
 * a menu, a popover or a notification: a test waits for the state a person sees, never
 * for time, so it passes on a busy machine too. (The test theme also turns Mantine's
 * transitions off; this does not rely on that.)
 */
export async function findVisible<T extends HTMLElement>(
  query: () => T,
  options?: waitForOptions,
): Promise<T> {
  return waitFor(() => {
    const element = query();
    expect(element).toBeVisible();
    return element;
  }, options);
}
