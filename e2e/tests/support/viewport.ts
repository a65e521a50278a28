import { expect, type Page } from "@playwright/test";

/**
 * Nothing on the page is wider than the screen: no sideways scrolling. On a phone the
 * browser would zoom out to fit a too-wide page (the window then reports more than the
 * screen's width), so the window must also be exactly as wide as the viewport.
 * Nor does anything reach past the right edge where it would be cut off (a fixed header's
 * user menu). A failure names the elements.
 */
export async function expectFitsScreen(page: Page) {
  const viewport = page.viewportSize();
  const layout = await page.evaluate(() => {
    const width = window.innerWidth;
    const past: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>("body *")) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      // Inside a box that clips or scrolls it (and itself fits), it does not widen the page.
      let clipped = false;
      for (let parent = element.parentElement; parent && !clipped; parent = parent.parentElement) {
        clipped =
          getComputedStyle(parent).overflowX !== "visible" &&
          parent.getBoundingClientRect().right <= width + 1;
      }
      if (clipped) continue;
      const name = element.getAttribute("aria-label") ?? element.textContent ?? "";
      const classes = element.getAttribute("class") ?? "";
      past.push(
        `<${element.tagName.toLowerCase()} class="${classes}"> “${name.trim().slice(0, 40)}” right=${Math.round(box.right)}`,
      );
    }
    return {
      innerWidth: width,
      scrollWidth: document.documentElement.scrollWidth,
      past: past.slice(0, 5),
    };
  });
  const where = `${page.url()}: ${layout.past.join("; ")}`;
  expect(layout.innerWidth, `the window is zoomed out to fit a wide page (${where})`).toBe(
    viewport?.width,
  );
  expect(layout.scrollWidth, `the page scrolls sideways (${where})`).toBeLessThanOrEqual(
    layout.innerWidth,
  );
  // A fixed header does not widen the page, but what runs past the edge is cut off.
  expect(layout.past, `cut off at the right edge on ${page.url()}`).toEqual([]);
}

/**
 * Every button, field, tab, menu entry and navigation link shown is at least 44 × 44 px,
 * a finger's size. Links and text buttons inside running text are exempt, as WCAG 2.5.5
 * exempts inline targets.
 */
export async function expectTouchTargets(page: Page) {
  const small = await page.evaluate(() => {
    const selector = [
      "button",
      "[role=button]",
      "a.mantine-Button-root",
      "a.mantine-NavLink-root",
      "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])",
      "select",
      "textarea",
      "[role=tab]",
      "[role=menuitem]",
      "[role=option]",
    ].join(", ");
    const found: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (element.closest(".mantine-Anchor-root, .mantine-VisuallyHidden-root, [aria-hidden=true]")) {
        continue;
      }
      // A field's box is its Mantine input (a password's eye and text share one box).
      const target = element.closest<HTMLElement>(".mantine-Input-input") ?? element;
      const box = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (getComputedStyle(target).visibility === "hidden") continue;
      if (box.width < 43.5 || box.height < 43.5) {
        const name = element.getAttribute("aria-label") ?? element.textContent ?? "";
        found.push(`${element.tagName.toLowerCase()} “${name.trim().slice(0, 30)}” ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return found;
  });
  expect(small, `touch targets under 44 px on ${page.url()}`).toEqual([]);
}
