import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createOrder, ownContactId, staffApi } from "./support/api";
import { demoUsers, signIn, signInToPortal } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test.describe("customer portal: a return from request to answer", () => {
  test.use({ viewport: { width: 1440, height: 1000 } });

  test("a customer returns an order, support validates it on their dashboard, the customer sees it without being told and downloads their data; another customer cannot open it", async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(150_000);
    const reference = `E2E-${Date.now()}`;
    await signInToPortal(page, demoUsers.ada.email);
    const adaContact = await ownContactId(page);
    const support = await staffApi(baseURL ?? "", demoUsers.customerSupport.email);
    // Support works in their own browser: the customer-support dashboard, live.
    const supportContext = await browser.newContext();
    try {
      const supportPage = await supportContext.newPage();
      await signIn(supportPage, demoUsers.customerSupport.email);
      await expect(supportPage).toHaveURL(/\/dashboards\/customer_support$/);
      await expect(
        supportPage.getByRole("status", { name: "Updates: Live" }),
      ).toBeVisible();

      await createOrder(support, adaContact, reference);

      // The customer starts the return from the order.
      await page.getByRole("navigation", { name: "Portal sections" }).getByRole("link", {
        name: "Orders",
      }).click();
      await page.getByRole("link", { name: `Return order ${reference}` }).click();
      await expect(page.getByRole("heading", { name: "Start a return" })).toBeVisible();
      await page.getByLabel(/What is wrong with it/).fill("The lid does not close.");
      await page.getByRole("button", { name: "Request the return" }).click();

      await expect(page).toHaveURL(/\/portal\/records\//);
      const returnUrl = new URL(page.url()).pathname;
      const heading = page.getByRole("heading", { level: 1, name: /^Return R-/ });
      await expect(heading).toBeVisible();
      const returnRef = ((await heading.textContent()) ?? "").replace(/^Return /, "").trim();
      await expect(
        page.getByText("Return requested: we will check it shortly").first(),
      ).toBeVisible();

      // The return journey (S2) gives support a job; it arrives on their dashboard live,
      // and the customer's page says it is being checked.
      const jobTitle = `Check return ${returnRef}`;
      const jobRow = supportPage.getByRole("row").filter({ hasText: jobTitle });
      await expect(jobRow).toBeVisible({ timeout: 30_000 });
      await expect(page.getByText("Return received — we are checking it").first()).toBeVisible({
        timeout: 15_000,
      });

      // Support claims it from the dashboard, opens it and validates it with the job form.
      await jobRow.getByRole("button", { name: `Claim ${jobTitle}` }).click();
      await expect(jobRow).toContainText("You");
      await jobRow.getByRole("link", { name: jobTitle, exact: true }).click();
      await expect(supportPage.getByRole("heading", { level: 1, name: jobTitle })).toBeVisible();
      await expect(supportPage.getByText("Claimed by you")).toBeVisible();
      await supportPage.getByLabel("Add a note").fill("Internal: flicker reproduced on the bench.");
      await supportPage.getByRole("button", { name: "Add note" }).click();
      await supportPage.getByLabel(/^What you found/).fill("Internal: the dimmer's coil hums.");
      await supportPage
        .getByRole("group", { name: "Complete the job as" })
        .getByRole("button", { name: "Valid", exact: true })
        .click();
      await expect(supportPage.getByText("Completed as “Valid”.")).toBeVisible();

      // No reload, nobody told her: her page shows it, in her words, and nothing internal.
      await expect(
        page.getByText("Return accepted: a replacement is being prepared").first(),
      ).toBeVisible({ timeout: 15_000 });
      await expect(page.getByText("flicker reproduced")).toHaveCount(0);
      await expect(page.getByText("coil hums")).toHaveCount(0);
      await expect(page.getByText(demoUsers.customerSupport.name)).toHaveCount(0);

      // Her data, as a file.
      await page.getByRole("link", { name: "My data" }).click();
      const downloading = page.waitForEvent("download");
      await page.getByRole("link", { name: "Download my data" }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
      const exported = JSON.parse(await readFile((await download.path()) ?? "", "utf8")) as {
        contact: { email: string };
        records: { external_ref: string | null; status: string; kind: string }[];
      };
      expect(exported.contact.email).toBe(demoUsers.ada.email);
      expect(exported.records).toContainEqual(
        expect.objectContaining({ kind: "order", external_ref: reference }),
      );
      expect(exported.records).toContainEqual(
        expect.objectContaining({ kind: "return", external_ref: returnRef }),
      );

      // Grace, by URL: nothing.
      const graceContext = await browser.newContext();
      try {
        const grace = await graceContext.newPage();
        await signInToPortal(grace, demoUsers.grace.email);
        await grace.goto(returnUrl);
        await expect(grace.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
        await expect(grace.getByText("The lid does not close.")).toHaveCount(0);
        const direct = await grace.request.get(`/api/v1/portal${returnUrl.replace("/portal", "")}`);
        expect(direct.status()).toBe(404);
      } finally {
        await graceContext.close();
      }
    } finally {
      await supportContext.close();
      await support.context.dispose();
    }
  });

  test("every portal page passes axe", async ({ page }) => {
    test.setTimeout(90_000);
    await signInToPortal(page, demoUsers.ada.email);
    const pages: [string, string][] = [
      ["/portal", "Customer portal"],
      ["/portal/orders", "Orders"],
      ["/portal/returns", "Returns"],
      ["/portal/tickets", "Support"],
      ["/portal/appointments", "Appointments"],
      ["/portal/messages", "Messages"],
      ["/portal/documents", "Documents"],
      ["/portal/profile", "My details"],
      ["/portal/my-data", "My data"],
    ];
    for (const [path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      // Wait for the data, not a skeleton.
      await expect(page.locator(".mantine-Skeleton-root")).toHaveCount(0);
      await expectNoAxeViolations(page);
    }
    // A letter from the documents page, as the PDF that was posted.
    await page.goto("/portal/documents");
    const downloadingLetter = page.waitForEvent("download");
    await page.getByRole("link", { name: /^Download Your customer account, sent / }).click();
    expect((await downloadingLetter).suggestedFilename()).toMatch(/^letter-[\d-]+-\d+\.pdf$/);
    await page.goto("/portal/returns");
    await page.getByRole("link", { name: /^R-/ }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: /^Return R-/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto("/portal/returns");
    await page.getByRole("button", { name: "Start a return" }).click();
    await expect(page.getByRole("heading", { name: "Start a return" })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("an affiliate sees referrals; the sign-in link form answers the same for anyone", async ({
    page,
  }) => {
    await page.goto("/portal/login");
    await page.getByLabel("Send a sign-in link to").fill("nobody-e2e@example.com");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByText("Check your email")).toBeVisible();
    await expectNoAxeViolations(page);

    await signInToPortal(page, "alan@example.com");
    await page.getByRole("link", { name: "Referrals" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Referrals" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Lin L." })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
