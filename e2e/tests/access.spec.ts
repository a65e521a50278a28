import { expect, test } from "@playwright/test";
import { demoUsers, navigationEntries, signIn, submitSignIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test.describe("signing in and access by role", () => {
  test("a super-user and a marketer see different navigation", async ({ browser }) => {
    const superContext = await browser.newContext();
    const marketerContext = await browser.newContext();
    try {
      const superPage = await superContext.newPage();
      const marketerPage = await marketerContext.newPage();

      await signIn(superPage, demoUsers.superUser.email);
      await signIn(marketerPage, demoUsers.marketer.email);

      // Each lands on their role's dashboard.
      await expect(superPage).toHaveURL(/\/admin\/users$/);
      await expect(marketerPage).toHaveURL(/\/journeys$/);

      expect(await navigationEntries(superPage)).toEqual([
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
      ]);
      expect(await navigationEntries(marketerPage)).toEqual([
        "Journeys",
        "Job types",
        "Customer wording",
        "Templates",
        "Contacts",
        "Segments",
        "Events",
        "Messages",
        "Outbox",
        "Reports",
        "Scoring",
        "Schedules",
      ]);
      await expect(marketerPage.getByRole("link", { name: "Admin" })).toHaveCount(0);
    } finally {
      await superContext.close();
      await marketerContext.close();
    }
  });

  test("a marketer typing an admin address gets the 403 page, not the page", async ({ page }) => {
    await signIn(page, demoUsers.marketer.email);

    await page.goto("/admin/users");

    await expect(
      page.getByRole("heading", { level: 1, name: "You don't have access to this page" }),
    ).toBeVisible();
    await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Invite user" })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "Go to your home page" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Journeys" })).toBeVisible();
  });

  test("a wrong password shows the server's message, and the right one still works", async ({
    page,
  }) => {
    await page.goto("/login");
    await submitSignIn(page, demoUsers.finance.email, "not-the-password");

    await expect(page.getByRole("alert")).toContainText("Email or password is wrong.");
    await expect(page).toHaveURL(/\/login$/);

    // (Succeeding also clears this account's failure count, so the test can run again.)
    await submitSignIn(page, demoUsers.finance.email, "waymark-demo-2026");
    await expect(page).toHaveURL(/\/dashboards\/finance$/);
    await expect(page.getByRole("heading", { level: 1, name: "Finance dashboard" })).toBeVisible();
  });

  test("signing out of the staff area needs signing in again, and remembers where you were", async ({
    page,
  }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.getByRole("button", { name: /^Priya Shah/ }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);

    await page.goto("/reports");
    await expect(page).toHaveURL(/\/login\?next=%2Freports$/);
    await submitSignIn(page, demoUsers.marketer.email, "waymark-demo-2026");
    await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  });

  test("the role switcher moves a super-user into their marketer role, by keyboard", async ({
    page,
  }) => {
    await signIn(page, demoUsers.superUser.email);

    const menuButton = page.getByRole("button", { name: /^Morgan Reyes/ });
    await menuButton.focus();
    await page.keyboard.press("Enter");
    const marketer = page.getByRole("menuitem", { name: "Marketer" });
    await expect(marketer).toBeVisible();
    // Arrow keys move through the menu's items.
    for (let step = 0; step < 6; step += 1) {
      if (await marketer.evaluate((item) => item === document.activeElement)) break;
      await page.keyboard.press("ArrowDown");
    }
    await expect(marketer).toBeFocused();
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/journeys$/);
    await expect(page.getByText("You are now acting as Marketer.")).toBeVisible();
    expect(await navigationEntries(page)).toEqual([
        "Journeys",
        "Job types",
        "Customer wording",
        "Templates",
        "Contacts",
        "Segments",
        "Events",
        "Messages",
        "Outbox",
        "Reports",
        "Scoring",
        "Schedules",
      ]);

    // And back, so other tests find the super-user in their primary role.
    await menuButton.click();
    await page.getByRole("menuitem", { name: /Super-user/ }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
  });
});
