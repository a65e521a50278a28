import { expect, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

/** The card on the canvas whose label is `label`. */
const node = (page: Page, label: string) =>
  page.locator(".react-flow__node").filter({ has: page.getByText(label, { exact: true }) });
const cards = (page: Page) => page.locator(".react-flow__node");
const saved = (page: Page) =>
  expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();

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

async function newJourney(page: Page, name: string, template?: RegExp) {
  await page.goto("/journeys");
  await page.getByRole("button", { name: "New journey" }).click();
  const dialog = page.getByRole("dialog", { name: "New journey" });
  if (template) await dialog.getByRole("radio", { name: template }).click();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create journey" }).click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** The saved draft, read back through the API. */
async function draftOf(page: Page) {
  const id = page.url().split("/").at(-1);
  const response = await page.request.get(`/api/v1/journeys/${id}`);
  expect(response.ok()).toBeTruthy();
  type Step = {
    id: string;
    label: string;
    kind: string;
    config: Record<string, unknown>;
    position: { x: number; y: number };
  };
  const definition = (await response.json()).definition as { nodes?: Step[]; edges?: unknown[] };
  // Empty lists are left out of a stored definition.
  return { nodes: definition.nodes ?? [], edges: definition.edges ?? [] };
}

/** Keyboard shortcuts act on the canvas, not on a focused text field. */
async function focusCanvas(page: Page) {
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
}

const mod = process.platform === "darwin" ? "Meta" : "Control";

test.describe("journey editing", () => {
  test.use({ viewport: { width: 1600, height: 1100 } });

  test("undo and redo, by button and keyboard, and the saved draft follows", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Undo ${Date.now()}`);

    await dragFromPalette(page, "Event received", 300, 60);
    await page.getByRole("textbox", { name: "Event" }).fill("order.placed");
    await dragFromPalette(page, "Wait", 300, 260);
    await expect(cards(page)).toHaveCount(2);
    await saved(page);

    await focusCanvas(page);
    const undo = page.getByRole("button", { name: "Undo" });
    const redo = page.getByRole("button", { name: "Redo" });
    await expect(redo).toBeDisabled();
    // Undo the wait step with the keyboard, then the event name with the button.
    await page.keyboard.press(`${mod}+z`);
    await expect(cards(page)).toHaveCount(1);
    await expect(redo).toBeEnabled();
    await saved(page);
    expect((await draftOf(page)).nodes).toHaveLength(1);

    await page.keyboard.press(`${mod}+Shift+z`);
    await expect(cards(page)).toHaveCount(2);
    await saved(page);
    expect((await draftOf(page)).nodes.map((n) => n.kind).sort()).toEqual([
      "flow.wait_duration",
      "trigger.event",
    ]);

    await page.keyboard.press(`${mod}+z`);
    await expect(cards(page)).toHaveCount(1);
    await redo.click();
    await expect(cards(page)).toHaveCount(2);
    await expect(redo).toBeDisabled();
  });

  test("copy and paste steps with the keyboard, and delete with the Delete key", async ({
    page,
  }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Copy ${Date.now()}`);
    await dragFromPalette(page, "Send email", 300, 80);
    await page.getByLabel("Name on the canvas").fill("Welcome email");
    await saved(page);

    await node(page, "Welcome email").click();
    await focusCanvas(page);
    await node(page, "Welcome email").click();
    await page.keyboard.press(`${mod}+c`);
    await page.keyboard.press(`${mod}+v`);
    await expect(node(page, "Welcome email")).toHaveCount(2);
    await saved(page);
    const draft = await draftOf(page);
    expect(draft.nodes.filter((n) => n.label === "Welcome email")).toHaveLength(2);
    expect(new Set(draft.nodes.map((n) => n.id)).size).toBe(2);

    // The pasted copy is selected: Delete removes it and only it.
    await page.keyboard.press("Delete");
    await expect(node(page, "Welcome email")).toHaveCount(1);
    await saved(page);
    expect((await draftOf(page)).nodes).toHaveLength(1);
  });

  test("auto-layout lays a journey out top to bottom with no overlapping steps", async ({
    page,
  }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Layout ${Date.now()}`, /Payment collection/);
    await expect(node(page, "Payment missed")).toBeVisible();
    const before = (await draftOf(page)).nodes;

    // Pile every step on one spot first, so the layout has real work to do.
    const byId = (id: string | undefined) => page.locator(`.react-flow__node[data-id="${id}"]`);
    for (const n of before.slice(1)) {
      const box = await byId(n.id).boundingBox();
      const anchor = await byId(before[0]?.id).boundingBox();
      if (!box || !anchor) continue;
      await page.mouse.move(box.x + box.width / 2, box.y + 8);
      await page.mouse.down();
      await page.mouse.move(anchor.x + anchor.width / 2 + 10, anchor.y + 18, { steps: 6 });
      await page.mouse.up();
    }
    await saved(page);

    await page.getByRole("button", { name: "Auto-layout" }).click();
    await saved(page);
    const after = (await draftOf(page)).nodes;
    expect(after).toHaveLength(before.length);

    const boxes = await cards(page).evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, w: r.width, h: r.height };
      }),
    );
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (!a || !b) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `steps ${i} and ${j} overlap`).toBe(false);
      }
    }
    // The trigger sits above everything it leads to.
    const trigger = after.find((n) => n.kind.startsWith("trigger."));
    for (const n of after) {
      if (n !== trigger) expect(n.position.y).toBeGreaterThan(trigger?.position.y ?? 0);
    }
    // Undo puts the pile back.
    await focusCanvas(page);
    await page.keyboard.press(`${mod}+z`);
    await saved(page);
    expect((await draftOf(page)).nodes.map((n) => n.position)).not.toEqual(after.map((n) => n.position));
  });

  test("leaving with unsaved changes asks first", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Guard ${Date.now()}`);
    // A step whose required event name is empty cannot be saved yet: the page stays dirty.
    await dragFromPalette(page, "Event received", 300, 60);
    await expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toHaveCount(0);

    await page.getByRole("link", { name: "Journeys", exact: true }).first().click();
    const guard = page.getByRole("dialog", { name: "Leave the editor?" });
    await expect(guard).toBeVisible();
    await guard.getByRole("button", { name: "Stay" }).click();
    await expect(guard).toBeHidden();
    await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]+$/);

    await page.getByRole("textbox", { name: "Event" }).fill("order.placed");
    await saved(page);
    await page.getByRole("link", { name: "Journeys", exact: true }).first().click();
    await expect(page).toHaveURL(/\/journeys$/);
    await expect(page.getByRole("dialog", { name: "Leave the editor?" })).toHaveCount(0);
  });

  test("a step that cannot be saved yet survives a reload in this browser", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Kept ${Date.now()}`);
    await dragFromPalette(page, "Event received", 300, 60);
    await page.getByLabel("Name on the canvas").fill("Order placed");
    // The event name is required: the server cannot take the draft yet, and says so calmly.
    await expect(
      page.getByRole("status").filter({ hasText: "Draft has unfinished steps" }),
    ).toBeVisible();
    await expect(page.getByText(/save failed/i)).toHaveCount(0);
    expect((await draftOf(page)).nodes).toHaveLength(0);

    await page.reload();
    const offer = page.getByRole("dialog", { name: "Restore your unsaved changes?" });
    await expect(offer).toBeVisible();
    await offer.getByRole("button", { name: "Restore" }).click();
    await expect(node(page, "Order placed")).toBeVisible();
    await node(page, "Order placed").click();
    await page.getByRole("textbox", { name: "Event" }).fill("order.placed");
    await saved(page);
    expect((await draftOf(page)).nodes.map((n) => n.label)).toEqual(["Order placed"]);

    // Saved on the server now: nothing left to offer.
    await page.reload();
    await expect(node(page, "Order placed")).toBeVisible();
    await expect(page.getByRole("dialog", { name: "Restore your unsaved changes?" })).toHaveCount(0);
  });

  test("a time of day, weekdays and a time zone are picked with their own widgets", async ({
    page,
  }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Timing ${Date.now()}`);

    await dragFromPalette(page, "Wait until a time", 300, 60);
    await page.getByLabel("Time of day").fill("09:30");
    // The chips are checkboxes: clicked by their visible text, or toggled by Space.
    await page.getByText("Sat", { exact: true }).click();
    await page.getByRole("checkbox", { name: "Sunday" }).focus();
    await page.keyboard.press("Space");
    await expect(page.getByRole("checkbox", { name: "Saturday" })).toBeChecked();
    await expect(page.getByTestId("when-reading")).toHaveText(
      "Until the next 09:30 on Sat, Sun, in each contact's own time zone.",
    );
    await page.getByRole("textbox", { name: "Time zone" }).fill("Europe/Lon");
    await page.getByRole("option", { name: "Europe/London" }).click();
    await expect(page.getByTestId("when-reading")).toContainText("in Europe/London");
    await expect(node(page, "Wait until a time")).toContainText("Until 09:30 on Sat, Sun");
    await expectNoAxeViolations(page);

    await saved(page);
    const timed = (await draftOf(page)).nodes.find((n) => n.kind === "flow.wait_until_time");
    expect(timed?.config).toMatchObject({
      at: "09:30",
      weekdays: ["sat", "sun"],
      timezone: "Europe/London",
    });
  });

  test("a date from the data and a cron schedule are read back in words", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Dates ${Date.now()}`);

    await dragFromPalette(page, "Wait until a date", 300, 60);
    await page.getByRole("textbox", { name: "Date field" }).click();
    await page.getByRole("option", { name: "object.starts_at" }).click();
    await page.getByRole("textbox", { name: "Offset: amount" }).fill("1");
    await page.getByLabel("Time of day").fill("08:00");
    await expect(page.getByTestId("when-reading")).toContainText(
      "Until 1 day before object.starts_at, at 08:00",
    );
    await saved(page);
    const dated = (await draftOf(page)).nodes.find((n) => n.kind === "flow.wait_until_date");
    expect(dated?.config).toMatchObject({
      date_field: "object.starts_at",
      offset: { amount: 1, unit: "days" },
      at: "08:00",
    });

    await dragFromPalette(page, "On a schedule", 300, 300);
    await page.getByRole("textbox", { name: "Repeat" }).click();
    await page.getByRole("option", { name: "Cron expression (advanced)" }).click();
    const cron = page.getByRole("textbox", { name: "Cron expression" });
    await cron.fill("0 9 * *");
    await expect(page.getByText(/Write five fields/)).toBeVisible();
    await cron.fill("30 8 * * 1-5");
    await expect(page.getByTestId("cron-reading")).toContainText("08:30");
    await expect(page.getByTestId("cron-reading")).toContainText("Monday through Friday");
    await saved(page);
    const scheduled = (await draftOf(page)).nodes.find((n) => n.kind === "trigger.schedule");
    expect(scheduled?.config).toMatchObject({ repeat: { type: "cron", expression: "30 8 * * 1-5" } });
  });
});
