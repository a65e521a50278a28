import { expect, test } from "@playwright/test";
import { demoUsers, signIn, signInToPortal } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test.describe("customer wording", () => {
  test.use({ viewport: { width: 1440, height: 1000 } });

  test("a marketer rewords a job stage, the customer reads it on her return, and the default comes back", async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    const words = `We have your parcel and are checking it (${Date.now()})`;
    await signIn(page, demoUsers.marketer.email);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Customer wording" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Customer wording" })).toBeVisible();
    // The demo's own words for a resent order's first stage show as changed.
    await page.getByRole("textbox", { name: "Job type" }).click();
    await page.getByRole("option", { name: "Resend an order" }).click();
    const resend = page.getByRole("table", { name: "Stages of Resend an order" });
    await expect(
      resend.getByRole("textbox", { name: "Customers read at “Job created”" }),
    ).toHaveValue("We are sending your order again, at our cost");
    await expectNoAxeViolations(page);

    // Reword the first stage of a return's check, by keyboard.
    await page.getByRole("textbox", { name: "Job type" }).click();
    await page.getByRole("option", { name: "Inspect a returned product" }).click();
    const stages = page.getByRole("table", { name: "Stages of Inspect a returned product" });
    const created = stages.getByRole("textbox", { name: "Customers read at “Job created”" });
    await expect(created).toHaveAttribute("placeholder", "Return received — we are checking it");
    await created.fill(words);
    await page.keyboard.press("Tab");
    await expect(
      page.getByRole("button", { name: "Save the words for Job created" }),
    ).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByText(`Customers now read “${words}” at Job created.`)).toBeVisible();

    const portalContext = await browser.newContext();
    try {
      // Ada's return (the demo's, checked by support's job) now reads the new words.
      const portal = await portalContext.newPage();
      await signInToPortal(portal, demoUsers.ada.email);
      await portal
        .getByRole("navigation", { name: "Portal sections" })
        .getByRole("link", { name: "Returns" })
        .click();
      await portal.getByRole("link", { name: /^R-/ }).first().click();
      await expect(portal.getByText(words).first()).toBeVisible();

      // Back to the default: she reads the code's words again.
      await page.getByRole("button", { name: "Use the default words for Job created" }).click();
      await expect(page.getByText("Job created is back to the default words.")).toBeVisible();
      await portal.reload();
      await expect(portal.getByText("Return received — we are checking it").first()).toBeVisible();
      await expect(portal.getByText(words)).toHaveCount(0);
    } finally {
      await portalContext.close();
    }
  });
});
