import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

/** The card on the canvas whose label is `label`. */
const node = (page: Page, label: string) =>
  page.locator(".react-flow__node").filter({ has: page.getByText(label, { exact: true }) });

/** Drags a palette item onto the canvas at (x, y) of the pane, with real pointer moves. */
async function dragFromPalette(page: Page, item: string, x: number, y: number) {
  const source = page.getByRole("listitem", { name: `Add ${item}`, exact: true });
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!from || !pane) throw new Error("palette or canvas not laid out");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 10, { steps: 4 });
  await page.mouse.move(pane.x + x, pane.y + y, { steps: 8 });
  await page.mouse.up();
}

/** Drags from `exit` of one card to the input of another. */
async function connect(page: Page, from: Locator, exit: string, to: Locator) {
  const handle = from.locator(`.react-flow__handle.source[data-handleid="${exit}"]`);
  const target = to.locator(".react-flow__handle.target");
  const a = await handle.boundingBox();
  const b = await target.boundingBox();
  if (!a || !b) throw new Error("handles not laid out");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 - 10, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 2 });
  await page.mouse.up();
}

async function fitView(page: Page) {
  await page.locator(".react-flow__controls-fitview").click();
}

async function renameSelected(page: Page, label: string) {
  const input = page.getByLabel("Name on the canvas");
  await input.fill(label);
}

async function newBlankJourney(page: Page, name: string) {
  await page.goto("/journeys");
  await page.getByRole("button", { name: "New journey" }).click();
  const dialog = page.getByRole("dialog", { name: "New journey" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create journey" }).click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

const saved = (page: Page) => expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();

test.describe("journey canvas", () => {
  // Room for a whole journey at zoom 1 beside the palette and the inspector.
  test.use({ viewport: { width: 1600, height: 1100 } });

  test("a marketer builds the collection journey from an empty canvas, fixes a problem, publishes and reloads", async ({
    page,
  }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    const name = `Collection ${Date.now()}`;
    await newBlankJourney(page, name);

    await dragFromPalette(page, "Event received", 60, 20);
    await renameSelected(page, "Payment missed");
    await page.getByRole("textbox", { name: "Event" }).fill("payment.missed");

    await dragFromPalette(page, "Send email", 60, 170);
    await renameSelected(page, "Email reminder");
    await page.getByRole("textbox", { name: "Email template" }).click();
    await page.getByRole("option", { name: /payment_reminder\)$/ }).click();

    await dragFromPalette(page, "Wait", 60, 320);
    await renameSelected(page, "Wait 3 days");
    await page.getByRole("textbox", { name: "Wait for: amount" }).fill("3");

    await dragFromPalette(page, "Condition", 60, 470);
    await renameSelected(page, "Opened the reminder?");
    await dragFromPalette(page, "Goal reached", 20, 640);
    await renameSelected(page, "Paid");
    await dragFromPalette(page, "End", 300, 640);
    await renameSelected(page, "Stop");

    await fitView(page);
    const condition = node(page, "Opened the reminder?");
    await connect(page, node(page, "Payment missed"), "next", node(page, "Email reminder"));
    await connect(page, node(page, "Email reminder"), "next", node(page, "Wait 3 days"));
    await connect(page, node(page, "Wait 3 days"), "next", condition);
    await connect(page, condition, "yes", node(page, "Paid"));
    await connect(page, condition, "no", node(page, "Stop"));
    await expect(page.locator(".react-flow__edge")).toHaveCount(5);

    // The condition has no rule yet: validation says so, on that node and in the list.
    await saved(page);
    await expect(condition.locator("[data-problems]")).toHaveAttribute("data-problems", "1");
    await page.getByRole("tab", { name: /Problems/ }).click();
    const problem = page
      .getByRole("listitem")
      .filter({ hasText: "Add at least one rule to this condition" });
    await expect(problem).toBeVisible();
    await problem.click();
    await page.getByRole("tab", { name: "Inspector" }).click();
    await expect(page.getByLabel("Name on the canvas")).toHaveValue("Opened the reminder?");

    // Fix it with the condition builder: "opened the payment reminder".
    await page.getByRole("button", { name: "+ Rule" }).click();
    await page.getByRole("textbox", { name: "Rule" }).click();
    await page.getByRole("option", { name: "Opened an email" }).click();
    await page.getByRole("textbox", { name: "Template" }).click();
    await page.getByRole("option", { name: /payment_reminder\)$/ }).click();
    await saved(page);
    await expect(condition.locator("[data-problems]")).toHaveAttribute("data-problems", "0");
    await expect(condition).toContainText("1 rule");

    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish this journey?" });
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Version 1 is live.")).toBeVisible();
    await expect(page.getByText("Active", { exact: true })).toBeVisible();

    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    for (const label of ["Payment missed", "Email reminder", "Wait 3 days", "Opened the reminder?", "Paid", "Stop"]) {
      await expect(node(page, label)).toBeVisible();
    }
    await expect(page.locator(".react-flow__edge")).toHaveCount(5);
    await expect(node(page, "Payment missed")).toContainText("payment.missed");
    await expect(node(page, "Wait 3 days")).toContainText("Wait 3 days");
  });

  test("a stale save is refused with a clear message and the other marketer's work stays", async ({
    browser,
  }) => {
    test.slow();
    const first = await signedInPage(browser);
    const name = `Shared ${Date.now()}`;
    await newBlankJourney(first, name);
    await dragFromPalette(first, "Event received", 300, 60);
    await renameSelected(first, "Start");
    await first.getByRole("textbox", { name: "Event" }).fill("order.placed");
    await saved(first);
    const url = first.url();

    const second = await signedInPage(browser);
    await second.goto(url);
    await expect(node(second, "Start")).toBeVisible();

    // The first marketer saves again; the second one's copy is now stale.
    await node(first, "Start").click();
    await renameSelected(first, "Start (first)");
    await saved(first);

    await node(second, "Start").click();
    await renameSelected(second, "Start (second)");
    const conflict = second.getByRole("dialog", {
      name: "Someone else saved this journey since you opened it",
    });
    await expect(conflict).toBeVisible();
    await conflict.getByRole("button", { name: "Reload their version" }).click();
    await expect(node(second, "Start (first)")).toBeVisible();

    await first.reload();
    await expect(node(first, "Start (first)")).toBeVisible();
  });

  test("a journey from a library template exports and imports unchanged", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/journeys");
    await page.getByRole("button", { name: "New journey" }).click();
    const dialog = page.getByRole("dialog", { name: "New journey" });
    await dialog.getByRole("radio", { name: /Payment collection/ }).click();
    await dialog.getByLabel("Name").fill(`From template ${Date.now()}`);
    await dialog.getByRole("button", { name: "Create journey" }).click();
    await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]+$/);
    await expect(node(page, "Payment missed")).toBeVisible();
    const id = page.url().split("/").at(-1);

    const exported = await (await page.request.get(`/api/v1/journeys/${id}/export`)).json();
    await page.goto("/journeys");
    await page.getByRole("button", { name: "Import" }).click();
    const importDialog = page.getByRole("dialog", { name: "Import a journey" });
    await importDialog.locator('input[type="file"]').setInputFiles({
      name: "payment.journey.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(exported)),
    });
    await importDialog.getByRole("button", { name: "Import" }).click();
    await expect(page).toHaveURL(new RegExp(`/journeys/(?!${id})[0-9a-f-]+$`));
    await expect(node(page, "Payment missed")).toBeVisible();
    const importedId = page.url().split("/").at(-1);
    const again = await (await page.request.get(`/api/v1/journeys/${importedId}/export`)).json();
    expect(again.definition).toEqual(exported.definition);
    expect(again.format).toBe(exported.format);
  });

  test("the journeys list and the editor pass axe", async ({ page }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/journeys");
    await expect(page.getByRole("table", { name: "Journeys" })).toContainText("Payment collection");
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "Payment collection" }).first().click();
    await expect(node(page, "Payment missed")).toBeVisible();
    await node(page, "Payment missed").click();
    await expect(page.getByLabel("Name on the canvas")).toHaveValue("Payment missed");
    await expectNoAxeViolations(page);
  });

  test("a published journey shows how many contacts entered its steps", async ({ page }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/journeys");
    await page.getByRole("link", { name: "Payment collection", exact: true }).first().click();
    await expect(node(page, "Payment missed")).toBeVisible();
    await expect(page.getByRole("switch", { name: "Show numbers" })).toBeChecked();
    const line = page.getByTestId("node-stats").filter({ hasText: /[1-9]\d* entered/ });
    await expect(line.first()).toBeVisible();
    const text = (await line.first().textContent()) ?? "";
    const entered = Number(text.match(/([\d,]+) entered/)?.[1]?.replaceAll(",", ""));
    expect(entered).toBeGreaterThan(0);
  });
});

async function signedInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, demoUsers.marketer.email);
  return page;
}
