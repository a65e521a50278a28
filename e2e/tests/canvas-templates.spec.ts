import { expect, type Locator, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

/** The card on the canvas whose label is `label`. */
const node = (page: Page, label: string) =>
  page.locator(".react-flow__node").filter({ has: page.getByText(label, { exact: true }) });

async function newJourneyFrom(page: Page, name: string, template: RegExp) {
  await page.goto("/journeys");
  await page.getByRole("button", { name: "New journey" }).click();
  const dialog = page.getByRole("dialog", { name: "New journey" });
  await dialog.getByRole("radio", { name: template }).click();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create journey" }).click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function templateNamed(page: Page, name: string) {
  const response = await page.request.get("/api/v1/templates?channel=email");
  expect(response.ok()).toBeTruthy();
  const all = (await response.json()) as { name: string; subject: string; body_html: string }[];
  return all.find((t) => t.name === name);
}

/** The variable picker, keyboard only: open it, find the field by its name, insert. */
async function pickVariable(page: Page, scope: Locator, target: string, search: string) {
  await scope.getByRole("button", { name: `Insert a variable into ${target}` }).click();
  const show = page.getByRole("textbox", { name: "Show" });
  await expect(show).toBeFocused();
  await page.keyboard.type(search);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  // On to "If it is empty, write"; Enter there inserts.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
}

test.describe("templates from the canvas", () => {
  test("a marketer writes the step's email in the inspector with variables and a live preview", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const stamp = Date.now().toString(36);
    await signIn(page, demoUsers.marketer.email);
    await newJourneyFrom(page, `Reminder wording ${stamp}`, /Payment collection/);

    await node(page, "Email reminder with payment link").click();
    await expect(page.getByLabel("Name on the canvas")).toHaveValue(
      "Email reminder with payment link",
    );
    await page.getByRole("button", { name: "New email template" }).click();
    const drawer = page.getByRole("dialog", { name: "New email template" });
    await expect(drawer).toBeVisible();

    const label = `Friendly reminder ${stamp}`;
    const name = `friendly_reminder_${stamp}`;
    await drawer.getByRole("textbox", { name: /^Label/ }).fill(label);
    // The name follows the label until someone edits it.
    await expect(drawer.getByRole("textbox", { name: /^Name/ })).toHaveValue(name);
    await drawer.getByRole("textbox", { name: /^Subject/ }).fill("Your payment");

    // Type, insert a variable at the caret with the picker (keyboard only), type on.
    const html = drawer.getByRole("textbox", { name: "HTML", exact: true });
    await html.fill("<p>Dear ");
    await pickVariable(page, drawer, "HTML", "first");
    await expect(html).toHaveValue("<p>Dear {{ contact.first_name }}");
    await expect(html).toBeFocused();
    await page.keyboard.type(", your payment is late.</p>");
    await expect(html).toHaveValue("<p>Dear {{ contact.first_name }}, your payment is late.</p>");

    // Preview against a demo contact.
    const contact = drawer.getByRole("textbox", { name: "Contact" });
    await contact.fill("Ada");
    await page.getByRole("option", { name: /Ada Lovelace/ }).click();
    const rendered = drawer.frameLocator('iframe[title="Rendered HTML"]');
    await expect(rendered.locator("body")).toContainText("Dear Ada, your payment is late.");
    await expect(drawer.getByTestId("rendered-subject")).toHaveText("Your payment");

    // The rendered email is the marketer's content in a sandboxed frame, not the app's UI.
    await expectNoAxeViolations(page, ['iframe[title="Rendered HTML"]']);

    // Create it: it becomes the step's template.
    await drawer.getByRole("button", { name: "Create template" }).click();
    await expect(page.getByRole("dialog", { name: `Template: ${label}` })).toBeVisible();
    const saved = await templateNamed(page, name);
    expect(saved?.body_html).toBe("<p>Dear {{ contact.first_name }}, your payment is late.</p>");
    await expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();
    const id = page.url().split("/").at(-1);
    const draft = await (await page.request.get(`/api/v1/journeys/${id}`)).json();
    const step = draft.definition.nodes.find((n: { id: string }) => n.id === "email-reminder");
    expect(step.config.template).toBe(name);

    // Break it: the error names the missing variable, the part and the line.
    const editor = page.getByRole("dialog", { name: `Template: ${label}` });
    const editedHtml = editor.getByRole("textbox", { name: "HTML", exact: true });
    await editedHtml.fill(
      "<p>Dear {{ contact.first_name }},</p>\n<p>Use {{ event.coupon_code }}</p>",
    );
    const problem = editor
      .getByRole("alert")
      .filter({ hasText: "Missing variable event.coupon_code" });
    await expect(problem).toBeVisible();
    await expect(problem).toContainText("In html at line 2");
    await expect(problem).toContainText("<p>Use {{ event.coupon_code }}</p>");

    // Fix it and save it.
    await editedHtml.fill(
      "<p>Dear {{ contact.first_name }},</p>\n<p>Use {{ event.coupon_code | default('PAYNOW') }}</p>",
    );
    await expect(problem).toBeHidden();
    await expect(
      editor.frameLocator('iframe[title="Rendered HTML"]').locator("body"),
    ).toContainText("Use PAYNOW");
    await editor.getByRole("button", { name: "Save template" }).click();
    await expect(page.getByText(`“${label}” saved.`).last()).toBeVisible();
    expect((await templateNamed(page, name))?.body_html).toContain("default('PAYNOW')");

    await editor.getByRole("button", { name: "Close", exact: true }).click();
    await expect(editor).toBeHidden();
  });

  test("a step without a template gets its own text written in the editor", async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, demoUsers.marketer.email);
    await newJourneyFrom(page, `Own SMS text ${Date.now().toString(36)}`, /Payment collection/);
    await node(page, "SMS reminder").click();
    await expect(page.getByLabel("Name on the canvas")).toHaveValue("SMS reminder");
    // Without a template the step sends its own text. (Mantine's clear button is hidden
    // from assistive technology, so it is found by its label attribute.)
    await page.locator('button[aria-label="Clear SMS template"]').click();
    await page.getByRole("button", { name: "Write the step's text in the editor" }).click();
    const drawer = page.getByRole("dialog", { name: "The step's own text" });
    const text = drawer.getByRole("textbox", { name: "Text", exact: true });
    await text.fill("Hi ");
    await pickVariable(page, drawer, "Text", "first");
    await page.keyboard.type(", please pay invoice {{ event.invoice }}.");
    // The sample contact (none chosen) and the latest payment.missed event seen.
    await expect(drawer.getByLabel("Rendered text")).toHaveText(
      /^Hi Sam, please pay invoice INV-\d+\.$/,
    );
    await drawer.getByRole("button", { name: "Use this text" }).click();
    await expect(drawer).toBeHidden();
    await expect(page.getByRole("textbox", { name: "Text", exact: true })).toHaveValue(
      "Hi {{ contact.first_name }}, please pay invoice {{ event.invoice }}.",
    );
  });

  test("message steps show how many messages were sent, opened, clicked and failed", async ({
    page,
  }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/journeys");
    await page.getByRole("link", { name: "Payment collection", exact: true }).first().click();
    const email = node(page, "Email reminder with payment link");
    await expect(email).toBeVisible();
    await expect(page.getByRole("switch", { name: "Show numbers" })).toBeChecked();
    const counts = email.getByTestId("node-messages");
    await expect(counts).toHaveText(
      // Messages that were never sent say why (step notes), e.g. "(not sent: 1 no consent)".
      /^[\d,]+ sent · [\d,]+ opened · [\d,]+ clicked · [\d,]+ failed( \(not sent: [^)]+\))?$/,
    );
    const sent = Number(((await counts.textContent()) ?? "").match(/([\d,]+) sent/)?.[1]);
    expect(sent).toBeGreaterThan(0);
    // A step that sends nothing has no message counts.
    await expect(node(page, "Wait 3 days").getByTestId("node-messages")).toHaveCount(0);
  });
});
