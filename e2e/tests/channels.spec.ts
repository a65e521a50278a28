import { expect, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test.describe("templates, messages and the outbox", () => {
  test("a marketer previews a template against a customer and sees where it breaks", async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await signIn(page, demoUsers.marketer.email);
    await page.getByRole("link", { name: "Templates" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Templates" })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "Payment reminder", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Payment reminder" })).toBeVisible();
    // The sample event fills the template's event.* variables.
    await page
      .getByRole("textbox", { name: "Sample event" })
      .fill('{"invoice": "INV-9", "amount": 12.5}');
    await expect(page.getByText("A reminder about invoice INV-9")).toBeVisible();
    const rendered = page.frameLocator('iframe[title="Rendered HTML"]');
    await expect(rendered.getByText("£12.50")).toBeVisible();

    // (Not in the HTML: it extends the layout, and Jinja ignores text outside its blocks.)
    const text = page.getByRole("textbox", { name: "Plain text", exact: true });
    await text.focus();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\n{{ contact.nickname }}");
    const problem = page.getByRole("alert").filter({ hasText: "Missing variable contact.nickname" });
    await expect(problem).toBeVisible();
    await expect(problem).toContainText(/missing variable “nickname”/);
    // Off the header's buttons: axe checks contrast as things are, hover included.
    await page.mouse.move(0, 0);
    await expectNoAxeViolations(page);
  });

  test("the message log and the outbox show what the demo journeys sent", async ({ page }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/messages");
    await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
    const table = page.getByRole("table", { name: "Messages" });
    await expect(table.getByText("no consent: the contact has not agreed to email").first()).toBeVisible();
    await expectNoAxeViolations(page);

    await page.goto("/outbox");
    await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
    await page.getByRole("button", { name: /A reminder about invoice INV-\d+/ }).click();
    const rendered = page.frameLocator('iframe[title="Rendered message"]');
    await expect(rendered.getByText("Pay it now")).toBeVisible();
    // The message itself is the sender's content in a sandboxed frame, not the app's UI.
    await expectNoAxeViolations(page, ['iframe[title="Rendered message"]']);
  });
});
