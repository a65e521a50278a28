/**
 * Building a journey the way issue 26 asks: steps added in place and connected, exits
 * wired from the inspector by keyboard (WCAG 2.1.1), a variable put in the subject by
 * picking it, and problems that open the field to fix.
 */
import { expect, type Locator, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";

const cards = (page: Page) => page.locator(".react-flow__node");
const card = (page: Page, label: string) =>
  page.locator(".react-flow__node").filter({ has: page.getByText(label, { exact: true }) });
const saved = (page: Page) =>
  expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();
const paletteItem = (page: Page, item: string) =>
  page.getByRole("listitem", { name: `Add ${item}`, exact: true });

async function newJourney(page: Page, name: string) {
  await page.goto("/journeys");
  await page.getByRole("button", { name: "New journey" }).click();
  const dialog = page.getByRole("dialog", { name: "New journey" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create journey" }).click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

type Step = { id: string; label: string; kind: string; config: Record<string, unknown> };
type Edge = { source: string; source_handle?: string; target: string };

/** The saved draft, read back through the API. */
async function draftOf(page: Page) {
  const id = page.url().split("/").at(-1);
  const response = await page.request.get(`/api/v1/journeys/${id}`);
  expect(response.ok()).toBeTruthy();
  const definition = (await response.json()).definition as { nodes?: Step[]; edges?: Edge[] };
  const nodes = definition.nodes ?? [];
  const kindOf = (id: string) => nodes.find((n) => n.id === id)?.kind;
  // Edges as "kind:exit → kind", which is what a marketer sees on the canvas.
  const wiring = (definition.edges ?? [])
    .map((e) => `${kindOf(e.source)}:${e.source_handle ?? "next"} → ${kindOf(e.target)}`)
    .sort();
  return { nodes, wiring };
}

async function boxes(locator: Locator) {
  const all = [];
  for (const one of await locator.all()) {
    const box = await one.boundingBox();
    if (box) all.push(box);
  }
  return all;
}

function overlapping(a: DOMRectLike, b: DOMRectLike): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
type DOMRectLike = { x: number; y: number; width: number; height: number };

test.describe("building a journey on the canvas", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("palette clicks add connected steps below the selected one; the subject gets a variable by picking", async ({
    page,
  }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Cart ${Date.now()}`);

    // The empty canvas says where to start.
    const hint = page.getByTestId("empty-canvas");
    await expect(hint).toContainText("Start with a trigger");
    await hint.getByRole("button", { name: "Event received" }).click();
    await expect(hint).toHaveCount(0);
    // The new step's first field has the caret: the event can be typed at once.
    await expect(page.getByRole("textbox", { name: "Event" })).toBeFocused();
    await page.keyboard.type("cart.abandoned");

    await paletteItem(page, "Wait").click();
    await paletteItem(page, "Condition").click();
    // A condition's first free exit is "Yes": the email continues from it.
    await paletteItem(page, "Send email").click();
    await expect(cards(page)).toHaveCount(4);

    // Subject comes before the text, and takes a variable with a fallback, without code.
    const subject = page.getByRole("textbox", { name: "Subject" });
    const text = page.getByRole("textbox", { name: "Text" });
    const subjectBox = await subject.boundingBox();
    const textBox = await text.boundingBox();
    expect(subjectBox && textBox && subjectBox.y < textBox.y).toBeTruthy();
    await subject.fill("Your cart is waiting, ");
    await page.getByRole("button", { name: "Insert a variable into Subject" }).click();
    const picker = page.getByRole("dialog");
    await picker.getByRole("textbox", { name: "Show" }).click();
    await page.getByRole("option", { name: "First name" }).first().click();
    await picker.getByRole("textbox", { name: "If it is empty, write" }).fill("there");
    await picker.getByRole("button", { name: "Insert" }).click();
    await expect(subject).toHaveValue(
      'Your cart is waiting, {{ contact.first_name | default("there", true) }}',
    );
    await text.fill("Come back and finish your order.");

    await paletteItem(page, "End").click();
    await expect(cards(page)).toHaveCount(5);
    await saved(page);

    const draft = await draftOf(page);
    expect(draft.nodes.map((n) => n.kind)).toEqual([
      "trigger.event",
      "flow.wait_duration",
      "flow.condition",
      "action.send_email",
      "flow.end",
    ]);
    expect(draft.wiring).toEqual([
      "action.send_email:next → flow.end",
      "flow.condition:yes → action.send_email",
      "flow.wait_duration:next → flow.condition",
      "trigger.event:next → flow.wait_duration",
    ]);
    // No new step covers another.
    const placed = await boxes(cards(page));
    for (const [i, a] of placed.entries())
      for (const b of placed.slice(i + 1)) expect(overlapping(a, b)).toBeFalsy();
  });

  test("'+' on a connection inserts a connected step; the inspector rewires an exit by keyboard", async ({
    page,
  }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Wiring ${Date.now()}`);
    await paletteItem(page, "Event received").click();
    await page.keyboard.type("order.placed");
    await paletteItem(page, "End").click();
    await expect(cards(page)).toHaveCount(2);

    // A step in between: the trigger now leads to it, and it to the end.
    await page.getByRole("button", { name: "Add a step in this connection" }).click();
    await page.getByRole("menuitem", { name: "Wait", exact: true }).click();
    await expect(cards(page)).toHaveCount(3);
    await saved(page);
    expect((await draftOf(page)).wiring).toEqual([
      "flow.wait_duration:next → flow.end",
      "trigger.event:next → flow.wait_duration",
    ]);

    // The wait is selected: disconnect its exit and connect it again, keyboard only.
    const next = page.getByRole("textbox", { name: "Then go to" });
    await expect(next).toHaveValue("End");
    await next.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("Not connected");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(next).toHaveValue("Not connected yet");
    await saved(page);
    expect((await draftOf(page)).wiring).toEqual(["trigger.event:next → flow.wait_duration"]);

    // Validation marks the free exit on the card and under the picker.
    await expect(card(page, "Wait").locator("[data-broken]")).toHaveCount(1);
    await expect(page.getByText("Choose where this exit leads.")).toBeVisible();

    await next.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("End");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(next).toHaveValue("End");
    await saved(page);
    expect((await draftOf(page)).wiring).toEqual([
      "flow.wait_duration:next → flow.end",
      "trigger.event:next → flow.wait_duration",
    ]);
    await expect(card(page, "Wait").locator("[data-broken]")).toHaveCount(0);
  });

  test("a problem says what is missing and a click opens its field", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Problems ${Date.now()}`);
    await paletteItem(page, "Event received").click();
    await page.keyboard.type("cart.abandoned");
    await paletteItem(page, "Send email").click();
    // Only the subject is missing: the problem says so, about this step.
    await page.getByRole("textbox", { name: "Text" }).fill("Hello");
    const tab = page.getByRole("tab", { name: /^Problems: / });
    await expect(tab).toHaveAccessibleName(/Problems: [1-9]\d* to fix/);
    await tab.click();
    const problem = page
      .getByRole("list", { name: "Problems" })
      .getByRole("listitem")
      .filter({ hasText: /subject/i })
      .first();
    await expect(problem).toContainText("Send email");
    await problem.click();
    // The inspector is back, with the caret in the subject.
    await expect(page.getByRole("tab", { name: "Inspector" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await expect(page.getByRole("textbox", { name: "Subject" })).toBeFocused();
    // No step ids anywhere on the cards.
    for (const text of await cards(page).allInnerTexts()) expect(text).not.toMatch(/-[a-z0-9]{5}\b/);
  });

  test("the publish dialog reviews who enters, how many a week, re-entry and every message", async ({
    page,
  }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await newJourney(page, `Review ${Date.now()}`);
    await paletteItem(page, "Event received").click();
    await page.keyboard.type("page.viewed");
    await paletteItem(page, "Send email").click();
    await page.getByRole("textbox", { name: "Subject" }).fill("Thanks for looking");
    await page.getByRole("textbox", { name: "Text" }).fill("Anything we can help with?");
    await paletteItem(page, "End").click();
    await saved(page);

    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish this journey?" });
    const review = dialog.getByRole("region", { name: "Publish review" });
    await expect(review).toContainText("Who enters");
    await expect(review).toContainText("Event received: page.viewed");
    // The estimate comes from the demo's page.viewed events of the last 28 days.
    await expect(review.getByTestId("entry-estimate")).toContainText(
      /“page\.viewed” happened \d+ times to \d+ contacts in the last 28 days: about [\d.]+ contacts a week/,
    );
    await expect(review).toContainText("A contact goes through this journey once, ever.");
    await expect(review.getByRole("list", { name: "Messages it sends" })).toContainText(
      "“Thanks for looking”",
    );
    // A test of the email goes to the marketer, marked as a test.
    await review.getByRole("button", { name: "Send me a test of “Send email”" }).click();
    await expect(page.getByText(/is on its way to marketer@waymark\.local/)).toBeVisible();

    await dialog.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(dialog).toBeHidden();
  });
});
