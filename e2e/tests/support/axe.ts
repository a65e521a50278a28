import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Runs axe with the WCAG 2 A and AA rules and fails with a readable list of violations.
 * `exclude`: selectors of content that is not the app's own (a rendered email preview).
 */
export async function expectNoAxeViolations(page: Page, exclude: readonly string[] = []) {
  await transitionsEnded(page);
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]);
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const summary = violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id}: ${node.target.join(" ")} — ${node.failureSummary ?? ""}`,
    ),
  );
  expect(summary, "axe violations").toEqual([]);
}

/**
 * Colours are checked as painted: a dialog still fading in blends its text into the
 * backdrop (white on blue read as #e4edf6 on #2572b9, 4.23:1), so wait for running
 * transitions to end. Endless ones (a "live" pulse) never do, and are not waited for.
 */
async function transitionsEnded(page: Page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== "running" ||
          animation.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
      ),
  );
}
