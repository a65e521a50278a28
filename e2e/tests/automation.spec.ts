import { expect, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test.describe("automation: scoring, schedules, notifications", () => {
  test("a marketer adds a scoring rule with a condition, sees it, and deletes it", async ({
    page,
  }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.getByRole("link", { name: "Scoring" }).click();
    const rules = page.getByRole("table", { name: "Scoring rules" });
    await expect(rules).toContainText("Viewed the pricing page");
    // The rule's condition in words, as the canvas's condition summaries say it.
    await expect(rules).toContainText("the event's url contains “/pricing”");
    await expectNoAxeViolations(page);

    const name = `Downloaded the brochure ${Date.now()}`;
    await page.getByRole("button", { name: "Add rule" }).click();
    const dialog = page.getByRole("dialog", { name: "Add scoring rule" });
    await expectNoAxeViolations(page);
    await dialog.getByLabel(/^Name/).fill(name);
    await dialog.getByLabel(/When this event arrives/).fill("file.downloaded");
    await dialog.getByLabel(/^Points/).fill("15");
    await dialog.getByLabel("Event property").fill("file");
    await dialog.getByLabel("Value").fill("brochure.pdf");
    await dialog.getByRole("button", { name: "Add rule" }).click();
    await expect(dialog).toHaveCount(0);
    const row = rules.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("+15");
    await expect(row).toContainText("the event's file is “brochure.pdf”");

    await row.getByRole("button", { name: `Delete ${name}` }).click();
    await page.getByRole("dialog", { name: "Delete scoring rule" }).getByRole("button", {
      name: "Delete rule",
    }).click();
    await expect(rules.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  });

  test("the schedules page shows the birthday journey and its recorded runs", async ({
    page,
  }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/automation/schedules");
    const schedules = page.getByRole("table", { name: "Schedules" });
    await expect(schedules.getByRole("link", { name: "Birthday greetings" })).toBeVisible();
    await expect(schedules).toContainText("Daily at 09:00 in each contact's time zone");
    const runs = page.getByRole("table", { name: "Schedule runs" });
    await expect(runs).toContainText("Asia/Tokyo");
    await expect(page.getByText(/^Loading/)).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test("customer support sees the birthday notifications under the bell", async ({ page }) => {
    // A loaded machine takes a while to reload the shell; the worker's send comes first.
    test.setTimeout(120_000);
    await signIn(page, demoUsers.customerSupport.email);
    // The worker sends the birthday journey's steps; the bell asks every 30 s, so reload
    // rather than wait for its next poll.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("button", { name: /^Notifications, \d+ unread$/ })).toBeVisible({
        timeout: 10_000,
      });
    }).toPass({ timeout: 90_000 });
    await page.getByRole("button", { name: /^Notifications/ }).click();
    const panel = page.getByRole("dialog", { name: "Notifications" });
    await expect(panel).toContainText("A customer's birthday today");
    await expectNoAxeViolations(page);
  });
});
