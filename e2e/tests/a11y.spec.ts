import { expect, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test.describe("accessibility (axe, WCAG 2 A and AA)", () => {
  test("the sign-in page, including its error state", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to Waymark" })).toBeVisible();
    await expectNoAxeViolations(page);

    // Empty submit: each field says what is missing.
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("the admin users page, its invite dialog and its row menu", async ({ page }) => {
    await signIn(page, demoUsers.superUser.email);
    await page.goto("/admin/users");
    await expect(page.getByRole("table", { name: "Users" })).toContainText(
      demoUsers.marketer.email,
    );
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Invite user" }).click();
    await expect(page.getByRole("dialog", { name: "Invite user" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);

    await page.getByRole("button", { name: `Actions for ${demoUsers.marketer.name}` }).click();
    await expect(page.getByRole("menuitem", { name: "Change roles…" })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("the other admin pages and their dialogs", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.superUser.email);
    for (const [path, heading] of [
      ["/admin/roles", "Roles"],
      ["/admin/api-keys", "API keys"],
      ["/admin/audit", "Audit log"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      // A table, or its cards where the table would not fit.
      await expect(
        page.getByRole("table").or(page.getByRole("list", { name: heading })).first(),
      ).toBeVisible();
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      await expectNoAxeViolations(page);
    }

    // The dialogs, with their checklists.
    await page.goto("/admin/api-keys");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByRole("dialog", { name: "Create API key" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");

    await page.goto("/admin/roles");
    await page.getByRole("button", { name: "Edit Marketer" }).click();
    const edit = page.getByRole("dialog", { name: "Edit role: Marketer" });
    await expect(edit.getByRole("checkbox", { name: /journeys:read/ })).toBeChecked();
    await expectNoAxeViolations(page);
  });

  test("the webhook networks page, with a line that is not a network", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.superUser.email);
    await page.goto("/admin/webhook-networks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhook networks" })).toBeVisible();
    const networks = page.getByRole("textbox", { name: "Allowed networks" });
    await expect(networks).toBeVisible();
    await expectNoAxeViolations(page);

    // A bad line is refused (nothing is saved) and named by its line.
    await networks.fill("not-a-network");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("list", { name: "Problems" })).toContainText("Line 1:");
    await expectNoAxeViolations(page);
  });

  test("the user menu, open", async ({ page }) => {
    await signIn(page, demoUsers.supervisor.email);
    await page.getByRole("button", { name: /^Sam Okafor/ }).click();
    await expect(page.getByRole("menuitem", { name: /Warehouse/ })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("the 403 page and a role dashboard", async ({ page }) => {
    await signIn(page, demoUsers.warehouse.email);
    await expect(
      page.getByRole("heading", { level: 1, name: "Warehouse dashboard" }),
    ).toBeVisible();
    await expectNoAxeViolations(page);

    await page.goto("/reports");
    await expect(
      page.getByRole("heading", { level: 1, name: "You don't have access to this page" }),
    ).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
