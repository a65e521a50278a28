import { expect, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

const SUPER_USER_NAV = [
  "Journeys",
  "Job types",
  "Customer wording",
  "Dashboards",
  "Templates",
  "Supervisor",
  "Contacts",
  "Segments",
  "Events",
  "Messages",
  "Outbox",
  "Reports",
  "Projects",
  "Processes",
  "Scoring",
  "Schedules",
  "Admin",
];

test.describe("app shell", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, demoUsers.superUser.email);
  });

  test("navigates, reports a healthy API and passes axe", async ({ page }) => {
    await page.goto("/journeys");
    await expect(page.getByRole("heading", { level: 1, name: "Journeys" })).toBeVisible();

    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav.getByRole("link")).toHaveText(SUPER_USER_NAV);
    await expect(nav.getByRole("link", { name: "Journeys" })).toHaveAttribute(
      "aria-current",
      "page",
    );

    await nav.getByRole("link", { name: "Contacts" }).click();
    await expect(page).toHaveURL(/\/contacts$/);
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Contacts" })).toHaveAttribute(
      "aria-current",
      "page",
    );

    // The real API answers /health/ready.
    const health = page.getByRole("status").filter({ hasText: /^API/ });
    await expect(health).toHaveText("API OK");
    await expect(health).toHaveAttribute("data-status", "ok");

    await expectNoAxeViolations(page);
  });

  test("the skip link is the first Tab stop and moves focus to the main content", async ({
    page,
  }) => {
    await page.goto("/journeys");
    await expect(page.getByRole("heading", { level: 1, name: "Journeys" })).toBeVisible();

    await page.keyboard.press("Tab");
    const skipLink = page.getByRole("link", { name: "Skip to main content" });
    await expect(skipLink).toBeFocused();
    await expect(skipLink).toBeInViewport();

    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });

  test("an unknown address shows the 404 page", async ({ page }) => {
    await page.goto("/no/such/page");

    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Go to your home page" }).click();
    // A super-user's home is the users page.
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  });
});

test("the customer portal has its own layout without the staff navigation", async ({ page }) => {
  await page.goto("/portal");

  await expect(page).toHaveURL(/\/portal\/login$/);
  await expect(
    page.getByRole("heading", { level: 1, name: "Sign in to your customer portal" }),
  ).toBeVisible();
  await expect(page.getByRole("navigation")).toHaveCount(0);

  await expectNoAxeViolations(page);
});
