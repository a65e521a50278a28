import { expect, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test.describe("events page", () => {
  test("lists demo events from several sources, filters them and shows one", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Events" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
    const table = page.getByRole("table", { name: "Events" });
    await expect(table).toContainText("sms.received");
    await expect(table).toContainText("email.opened");
    await expectNoAxeViolations(page);

    // Only what came from the website.
    await page.getByRole("textbox", { name: "Source" }).click();
    await page.getByRole("option", { name: "Website (track.js)" }).click();
    await expect(table).not.toContainText("sms.received");
    await expect(table).toContainText("cart.item_added");
    await page.getByRole("searchbox", { name: /^Contact/ }).fill("alan@example.com");
    await expect(table).not.toContainText("E2E");

    // Open one with the keyboard.
    const link = table.getByRole("button", { name: /: cart\.item_added$/ }).first();
    await link.focus();
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("dialog", { name: /^Event \d+$/ });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByLabel("Properties (JSON)")).toContainText('"sku": "PRINT-A3"');
    await expect(drawer).toContainText("alan@example.com");
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
  });

  test("sends a test event through the real API, fixing a mistake first", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/events");
    await page.getByRole("button", { name: "Send test event" }).click();
    const dialog = page.getByRole("dialog", { name: "Send a test event" });
    await expect(dialog).toBeVisible();
    await expectNoAxeViolations(page);

    const orderId = `ORD-E2E-${Date.now()}`;
    // Keyboard only: the name field has focus when the dialog opens.
    await page.keyboard.type("Order Placed");
    await dialog.getByRole("textbox", { name: /^Contact( \*)?$/ }).fill("ada@example.com");
    await dialog.getByLabel(/^Properties/).fill(`{"order_id": "${orderId}",}`);
    await dialog.getByRole("button", { name: "Send event" }).press("Enter");
    await expect(dialog.getByText(/Lower-case words joined by dots/)).toBeVisible();
    await expect(dialog.getByText(/^Not valid JSON at line 1/)).toBeVisible();
    await expectNoAxeViolations(page);

    await dialog.getByLabel(/^Event name/).fill("order.placed");
    await dialog.getByLabel(/^Properties/).fill(`{"order_id": "${orderId}", "value": 99}`);
    await dialog.getByRole("button", { name: "Send event" }).click();
    const stored = dialog.getByText(/^Stored as event (\d+)/);
    await expect(stored).toBeVisible();
    const id = Number((await stored.textContent())?.match(/event (\d+)/)?.[1]);

    // It is in the database, as the API reads it.
    const event = await (await page.request.get(`/api/v1/events/${id}`)).json();
    expect(event.name).toBe("order.placed");
    expect(event.properties).toEqual({ order_id: orderId, value: 99 });
    expect(event.contact.email).toBe("ada@example.com");

    await dialog.getByRole("button", { name: `Show event ${id}` }).click();
    const drawer = page.getByRole("dialog", { name: `Event ${id}` });
    await expect(drawer.getByLabel("Properties (JSON)")).toContainText(orderId);
    // The worker runs it through the journeys.
    await expect(async () => {
      const again = await (await page.request.get(`/api/v1/events/${id}`)).json();
      expect(again.status).toBe("processed");
    }).toPass({ timeout: 20_000 });
  });
});
