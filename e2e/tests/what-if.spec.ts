import { expect, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

/** The card on the canvas whose label is `label`. */
const node = (page: Page, label: string) =>
  page.locator(".react-flow__node").filter({ has: page.getByText(label, { exact: true }) });

test.describe("what-if on past events", () => {
  test.use({ viewport: { width: 1600, height: 1100 } });

  test("a marketer runs a what-if of the return draft over the demo's past events and sees its numbers next to the live ones", async ({
    page,
  }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/journeys");
    await page.getByRole("link", { name: "Return and replacement", exact: true }).first().click();
    await expect(node(page, "Validate the product")).toBeVisible();

    // Start one from the keyboard: the panel, the period (last 30 days by default), a split.
    const open = page.getByRole("button", { name: "What-if…" });
    await open.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: "What-if on past events" });
    await expect(panel).toBeVisible();
    await expect(panel.getByLabel("First day")).not.toHaveValue("");
    await panel.locator("label", { hasText: /^Split$/ }).first().click();
    await expectNoAxeViolations(page);
    const before = await page.request.get(
      `${new URL(page.url()).pathname.replace("/journeys/", "/api/v1/journeys/")}/what-ifs`,
    );
    const earlier = ((await before.json()) as unknown[]).length;
    await panel.getByRole("button", { name: "Run the what-if" }).click();

    // It runs on the worker; the panel follows its progress to the end.
    const run = panel.getByTestId("what-if-run");
    await expect(run).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
    const after = await page.request.get(
      `${new URL(page.url()).pathname.replace("/journeys/", "/api/v1/journeys/")}/what-ifs`,
    );
    expect(((await after.json()) as unknown[]).length).toBe(earlier + 1);
    await expect(panel.getByTestId("what-if-totals").first()).toBeVisible();
    await expect(panel.getByText("What a replay cannot know")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();

    // On the canvas: the draft's numbers next to the live version's, per step.
    const numbers = node(page, "Validate the product").getByTestId("what-if-node");
    await expect(numbers).toBeVisible();
    await expect(numbers).toContainText(/draft\s*[1-9]/);
    await expect(numbers).toContainText(/live\s*[1-9]/);

    // Each number opens the contacts behind it.
    await numbers
      .getByRole("button", { name: /contacts the draft brought to “Validate the product”/ })
      .click();
    const contacts = page.getByRole("dialog", { name: /Draft: brought to/ });
    await expect(contacts.getByTestId("what-if-contacts")).toBeVisible();
    await expect(contacts.getByRole("link").first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
