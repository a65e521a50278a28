import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, demoUsers, signIn, signInToPortal, submitSignIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test.describe("customer portal", () => {
  test("a customer signs in at /portal/login and sees their name", async ({ page }) => {
    await signInToPortal(page, demoUsers.ada.email);

    await expect(page.getByRole("heading", { level: 1, name: "Customer portal" })).toBeVisible();
    await expect(page.getByText(`Signed in as ${demoUsers.ada.name}`)).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/portal\/login$/);
    await page.goto("/portal");
    await expect(page).toHaveURL(/\/portal\/login$/);
  });

  test("a member of staff visiting the portal gets the portal sign-in", async ({ page }) => {
    await signIn(page, demoUsers.marketer.email);

    await page.goto("/portal");

    await expect(page).toHaveURL(/\/portal\/login/);
    await expect(
      page.getByRole("heading", { level: 1, name: "Sign in to your customer portal" }),
    ).toBeVisible();
  });

  test("the portal refuses staff credentials with the server's message", async ({ page }) => {
    await page.goto("/portal/login");
    await submitSignIn(page, demoUsers.marketer.email, DEMO_PASSWORD);

    await expect(page.getByRole("alert")).toContainText("staff sign in at /login");
  });
});
