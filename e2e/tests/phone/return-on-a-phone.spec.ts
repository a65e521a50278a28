import { type Browser, expect, type Page, test } from "@playwright/test";
import { createOrder, ownContactId, staffApi, waitForJob } from "../support/api";
import { demoUsers, signIn, signInToPortal } from "../support/auth";
import { expectNoAxeViolations } from "../support/axe";
import { expectFitsScreen } from "../support/viewport";

/** Another person's phone: a context with this project's screen, touch and user agent. */
async function anotherPhone(browser: Browser, baseURL: string | undefined) {
  const { viewport, deviceScaleFactor, isMobile, hasTouch, userAgent } = test.info().project.use;
  return browser.newContext({ baseURL, viewport, deviceScaleFactor, isMobile, hasTouch, userAgent });
}

/** A real photo-like JPEG, as a phone's camera hands it over (drawn by the browser). */
async function cameraJpeg(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 640;
    canvas.height = 480;
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2d canvas");
    const sky = context.createLinearGradient(0, 0, 0, 480);
    sky.addColorStop(0, "#8ab4e8");
    sky.addColorStop(1, "#f2e6c9");
    context.fillStyle = sky;
    context.fillRect(0, 0, 640, 480);
    context.fillStyle = "#6b4f2a";
    context.fillRect(180, 220, 280, 180);
    context.fillStyle = "#ffffff";
    context.font = "32px sans-serif";
    context.fillText("parcel, packed", 215, 320);
    return canvas.toDataURL("image/jpeg", 0.85);
  });
  return Buffer.from(dataUrl.replace(/^data:image\/jpeg;base64,/, ""), "base64");
}

test("on phones: a customer starts a return and follows it; support accepts it; the warehouse claims the replacement, photographs the parcel and completes it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const reference = `PHONE-${Date.now()}`;
  const support = await staffApi(baseURL ?? "", demoUsers.customerSupport.email);
  // Only a supervisor lists every job of a queue: the test finds the worker's jobs through them.
  const supervisor = await staffApi(baseURL ?? "", demoUsers.supervisor.email);
  const warehouseContext = await anotherPhone(browser, baseURL);
  try {
    // Ada, on her phone, with a fresh delivered order.
    await signInToPortal(page, demoUsers.ada.email);
    await createOrder(support, await ownContactId(page), reference);
    await expectFitsScreen(page);

    // The sections are behind the menu button; the order is a card with its Return button.
    await page.getByRole("button", { name: "Open menu" }).click();
    await page
      .getByRole("navigation", { name: "Portal sections" })
      .getByRole("link", { name: "Orders" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
    const order = page.getByRole("list", { name: "Orders" }).getByRole("listitem").filter({
      hasText: reference,
    });
    await expect(order).toContainText("Delivered");
    await expectFitsScreen(page);
    await order.getByRole("link", { name: `Return order ${reference}` }).click();

    await expect(page.getByRole("heading", { name: "Start a return" })).toBeVisible();
    await page.getByLabel(/What is wrong with it/).fill("The lid does not close.");
    await expectFitsScreen(page);
    await page.getByRole("button", { name: "Request the return" }).click();

    // She follows it on its own page, stage by stage, without reloading.
    await expect(page).toHaveURL(/\/portal\/records\//);
    const heading = page.getByRole("heading", { level: 1, name: /^Return R-/ });
    await expect(heading).toBeVisible();
    const returnRef = ((await heading.textContent()) ?? "").replace(/^Return /, "").trim();
    await expect(page.getByText("Return received — we are checking it").first()).toBeVisible({
      timeout: 30_000,
    });
    await expectFitsScreen(page);

    // Support accepts it (through the API: their own phone is not the point here).
    const check = await waitForJob(supervisor.context, "customer_support", {
      summary: (job) => job.title === `Check return ${returnRef}`,
    });
    const claimed = (await support.post(`/api/v1/jobs/${check.id}/claim`, {})) as {
      version: number;
    };
    await support.post(`/api/v1/jobs/${check.id}/complete`, {
      version: claimed.version,
      outcome: "valid",
      data: { finding: "The hinge is bent; a replacement is due." },
    });
    await expect(
      page.getByText("Return accepted: a replacement is being prepared").first(),
    ).toBeVisible({ timeout: 30_000 });

    // Wes, on the warehouse floor with his phone: the replacement arrives on his dashboard.
    const wes = await warehouseContext.newPage();
    await signIn(wes, demoUsers.warehouse.email);
    await expect(wes).toHaveURL(/\/dashboards\/warehouse$/);
    await expect(wes.getByRole("status", { name: "Updates: Live" })).toBeVisible();
    const replacement = await waitForJob(supervisor.context, "warehouse", {
      summary: (job) => job.title === `Send a replacement for return ${returnRef}`,
    });
    const card = wes.locator(`li[data-job-id="${replacement.id}"]`);
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(card).toContainText("Unassigned");
    await expectFitsScreen(wes);
    await expectNoAxeViolations(wes);

    // He claims it from its card and opens it.
    await card.getByRole("button", { name: `Claim ${replacement.title}` }).click();
    await expect(card).toContainText("You");
    await card.getByRole("link", { name: replacement.title, exact: true }).click();
    await expect(wes.getByRole("heading", { level: 1, name: replacement.title })).toBeVisible();
    await expect(wes.getByText("Claimed by you")).toBeVisible();
    await expect(page.getByText("Your replacement is being packed").first()).toBeVisible({
      timeout: 30_000,
    });

    // The form, one column.
    await wes.getByRole("textbox", { name: /^Carrier/ }).click();
    await wes.getByRole("option", { name: "DPD" }).click();
    await wes.getByRole("textbox", { name: /^Tracking number/ }).fill("DPD-15501234");

    // A photo of the parcel, from the camera: the button asks for the back camera and
    // the image types the server takes, JPEG first.
    const files = wes.getByRole("region", { name: "Files" });
    await expect(files.getByRole("button", { name: "Take a photo" })).toBeVisible();
    const camera = files.locator('input[type="file"][capture="environment"]');
    await expect(camera).toHaveAttribute("accept", /^image\/jpeg,/);
    await camera.setInputFiles({
      name: "IMG_20261207_101500.jpg",
      mimeType: "image/jpeg",
      buffer: await cameraJpeg(wes),
    });
    await expect(files.getByRole("link", { name: "IMG_20261207_101500.jpg" })).toBeVisible();
    await expect(files.getByText("image/jpeg")).toBeVisible();
    await expect(files.getByRole("alert")).toHaveCount(0);
    await expectFitsScreen(wes);

    // Down among the files, the outcome buttons are still on screen.
    await files.scrollIntoViewIfNeeded();
    const outcomes = wes.getByRole("group", { name: "Complete the job as" });
    await expect(outcomes).toBeInViewport();
    await expectNoAxeViolations(wes);
    await outcomes.getByRole("button", { name: "Sent" }).click();
    await expect(wes.getByText("Completed as “Sent”.")).toBeVisible();
    await expect(outcomes).toHaveCount(0);
    await expect(wes.getByRole("region", { name: "History" })).toContainText("Completed");
    await expectFitsScreen(wes);

    // And Ada, still on her return's page, reads that it is on its way.
    await expect(page.getByText("Your replacement is on its way").first()).toBeVisible({
      timeout: 30_000,
    });
    await expectFitsScreen(page);
  } finally {
    await warehouseContext.close();
    await support.context.dispose();
    await supervisor.context.dispose();
  }
});
