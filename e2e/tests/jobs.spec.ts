import { type Browser, expect, type Page, test } from "@playwright/test";
import { waitForJob } from "./support/api";
import { DEMO_PASSWORD, demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

/** A real one-page PDF (uploads are parsed whole, so a PDF header alone is refused). */
function onePagePdf(comment: string): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  ];
  let body = `%PDF-1.4\n% ${comment}\n`;
  const offsets = objects.map((object, index) => {
    const at = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((at) => `${String(at).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

// docs/jobs-api.md, "Demo logins for the jobs e2e": two people in the Administration queue.
const alex = { email: "administration@waymark.local", name: "Alex Kim" };
const jo = { email: "administration-2@waymark.local", name: "Jo Lee" };

/** A signed-in API client for `email` (its own cookies and CSRF token), outside any page. */
async function apiAs(browser: Browser, email: string) {
  const context = await browser.newContext();
  const request = context.request;
  const login = await request.post("/api/v1/auth/login", {
    data: { email, password: DEMO_PASSWORD },
  });
  expect(login.ok(), `sign in as ${email}`).toBe(true);
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  const post = async (path: string, data: unknown) => {
    const response = await request.post(path, { data, headers: { "X-CSRF-Token": csrf } });
    expect(response.ok(), `POST ${path}: ${response.status()} ${await response.text()}`).toBe(
      true,
    );
    return response.json();
  };
  return { context, request, post };
}

const row = (page: Page, jobId: string) => page.locator(`tr[data-job-id="${jobId}"]`);
const live = (page: Page) => page.getByRole("status", { name: "Updates: Live" });

test.describe("jobs", () => {
  test.use({ viewport: { width: 1440, height: 1000 } });

  test("S1 creates a job that two staff see live; one claims, a late claim is told who holds it; completed with a file, the next job reaches Production, overruns and is reassigned", async ({
    browser,
  }) => {
    // Five browser contexts, a worker running the journey, and axe on three pages.
    test.setTimeout(180_000);
    const unique = Date.now();
    const orderId = `E2E${unique}`;
    const contactEmail = `e2e-${unique}@example.com`;
    const sender = await apiAs(browser, demoUsers.superUser.email);
    const supervisorApi = await apiAs(browser, demoUsers.supervisor.email);
    const alexContext = await browser.newContext();
    const joContext = await browser.newContext();
    const productionContext = await browser.newContext();
    const supervisorContext = await browser.newContext();
    try {
      // Both land on the Administration dashboard (their primary role) and go live.
      const alexPage = await alexContext.newPage();
      const joPage = await joContext.newPage();
      await signIn(alexPage, alex.email);
      await signIn(joPage, jo.email);
      for (const page of [alexPage, joPage]) {
        await expect(page).toHaveURL(/\/dashboards\/administration$/);
        await expect(
          page.getByRole("heading", { level: 1, name: "Administration dashboard" }),
        ).toBeVisible();
        await expect(live(page)).toBeVisible();
      }
      await expectNoAxeViolations(alexPage);

      // S1 starts: an order is placed (through the API, as a system would send it).
      await sender.post("/api/v1/events", {
        name: "order.placed",
        contact: { email: contactEmail },
        properties: { order_id: orderId, value: 250 },
        idempotency_key: `e2e-order-${unique}`,
      });
      const confirm = await waitForJob(supervisorApi.request, "administration", {
        summary: (job) => job.title.includes(orderId),
        detail: (job) => job.related.some((ref) => ref.type === "order" && ref.id === orderId),
      });

      // Both see it appear without reloading.
      await expect(row(alexPage, confirm.id)).toBeVisible();
      await expect(row(joPage, confirm.id)).toBeVisible();
      await expect(row(joPage, confirm.id)).toContainText("Unassigned");

      // Jo also has the job open in a second tab whose live updates are cut off (a stale view).
      const joStale = await joContext.newPage();
      await joStale.route("**/api/v1/jobs/stream**", (route) => route.abort());
      await joStale.goto(`/jobs/${confirm.id}`);
      await expect(joStale.getByRole("heading", { level: 1, name: confirm.title })).toBeVisible();
      // The contact's key facts and the related order sit beside the form.
      await expect(joStale.getByRole("group", { name: /^Contact / })).toContainText(contactEmail);
      await expect(joStale.getByRole("group", { name: `Order ${orderId}` })).toBeVisible();
      await expect(joStale.getByRole("status", { name: "Updates: Reconnecting" })).toBeVisible();
      await expect(joStale.getByRole("button", { name: "Claim", exact: true })).toBeVisible();

      // Alex claims it from the dashboard; Jo's live dashboard drops it (no longer unassigned).
      await row(alexPage, confirm.id).getByRole("button", { name: `Claim ${confirm.title}` }).click();
      await expect(row(alexPage, confirm.id)).toContainText("You");
      await expect(row(joPage, confirm.id)).toHaveCount(0);

      // Jo's late claim from the stale tab is refused, naming who holds the job.
      await joStale.getByRole("button", { name: "Claim", exact: true }).click();
      await expect(joStale.getByRole("alert").filter({ hasText: "You did not get this job" })).toContainText(
        `Already claimed by ${alex.name}`,
      );
      await joStale.close();

      // Alex works the job: a bad file is refused with the reason, a good one is attached.
      await row(alexPage, confirm.id).getByRole("link", { name: confirm.title, exact: true }).click();
      await expect(alexPage).toHaveURL(new RegExp(`/jobs/${confirm.id}$`));
      await expect(alexPage.getByText("Claimed by you")).toBeVisible();
      await expect(alexPage.getByRole("heading", { name: "Guidance" })).toBeVisible();
      const files = alexPage.getByRole("region", { name: "Files" });
      const fileInput = alexPage.locator('input[type="file"]');
      await fileInput.setInputFiles({
        name: "run-me.exe",
        mimeType: "application/x-msdownload",
        buffer: Buffer.from("MZ not really a program"),
      });
      await expect(files.getByRole("alert")).toContainText("The file was not attached");
      await fileInput.setInputFiles({
        name: "order-check.pdf",
        mimeType: "application/pdf",
        buffer: onePagePdf("stock and price checked"),
      });
      await expect(files.getByRole("link", { name: "order-check.pdf" })).toBeVisible();
      await expect(files.getByRole("alert")).toHaveCount(0);
      await alexPage.getByLabel("Add a note").fill("Stock checked; customer confirmed by phone.");
      await alexPage.getByRole("button", { name: "Add note" }).click();
      await expect(alexPage.getByText("Stock checked; customer confirmed by phone.")).toBeVisible();
      await expectNoAxeViolations(alexPage);

      // Complete it with the outcome "Confirmed" through the form.
      await alexPage
        .getByRole("group", { name: "Complete the job as" })
        .getByRole("button", { name: "Confirmed" })
        .click();
      await expect(alexPage.getByText("Completed as “Confirmed”.")).toBeVisible();
      await expect(
        alexPage.getByRole("group", { name: "Complete the job as" }),
      ).toHaveCount(0);
      await expect(alexPage.getByRole("region", { name: "History" })).toContainText("Completed");

      // The journey moves on: "Manufacture" appears live in the Production queue.
      const productionPage = await productionContext.newPage();
      await signIn(productionPage, demoUsers.production.email);
      await expect(productionPage).toHaveURL(/\/dashboards\/production$/);
      await expect(live(productionPage)).toBeVisible();
      const manufacture = await waitForJob(supervisorApi.request, "production", {
        summary: (job) => job.contact !== null && job.contact.id === confirm.contact?.id,
      });
      await expect(row(productionPage, manufacture.id)).toBeVisible();

      // Its due time passes (the API's test clock moves on three days)…
      await supervisorApi.post("/api/v1/test/clock", { advance_seconds: 3 * 24 * 3600 });
      const supervisorPage = await supervisorContext.newPage();
      await signIn(supervisorPage, demoUsers.supervisor.email);
      await supervisorPage.goto("/supervisor");
      await expect(
        supervisorPage.getByRole("heading", { level: 1, name: "Supervisor" }),
      ).toBeVisible();
      // …and the supervisor sees it among the overrunning jobs, and reassigns it.
      const late = row(supervisorPage, manufacture.id);
      await expect(late).toBeVisible();
      await expect(late).toContainText("Overrunning");
      await expect(
        supervisorPage.getByRole("table", { name: "Workload per person" }),
      ).toContainText(demoUsers.production.name);
      await expectNoAxeViolations(supervisorPage);

      await late.getByRole("checkbox", { name: `Select ${manufacture.title}` }).check();
      await supervisorPage.getByRole("button", { name: "Reassign selected (1)" }).click();
      const dialog = supervisorPage.getByRole("dialog", { name: "Reassign 1 job" });
      await dialog.getByRole("textbox", { name: /^Give them to/ }).click();
      await supervisorPage
        .getByRole("option", { name: new RegExp(`^${demoUsers.production.name} \\(`) })
        .click();
      await dialog.getByRole("button", { name: "Reassign" }).click();
      await expect(supervisorPage.getByText("1 job reassigned.")).toBeVisible();
      await expect(late).toContainText(demoUsers.production.name);
      // Production sees it is theirs now, live.
      await expect(row(productionPage, manufacture.id)).toContainText("You");
    } finally {
      await supervisorApi.post("/api/v1/test/clock", { offset_seconds: 0 }).catch(() => undefined);
      for (const context of [
        alexContext,
        joContext,
        productionContext,
        supervisorContext,
        sender.context,
        supervisorApi.context,
      ]) {
        await context.close();
      }
    }
  });

  test("reports and job types pages pass axe", async ({ page }) => {
    test.slow();
    await signIn(page, demoUsers.superUser.email);
    await page.goto("/reports");
    await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
    await expect(page.getByRole("table", { name: /^Times by job type/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
      "href",
      /\/api\/v1\/jobs\/reports\/times\.csv\?group_by=type/,
    );
    await expectNoAxeViolations(page);

    await page.goto("/job-types");
    await expect(page.getByRole("heading", { level: 1, name: "Job types" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Job types" })).toContainText("Make the order");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Edit Make the order" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Make the order" });
    await dialog.getByLabel(/^Form schema/).fill('{"type": "object", "properties": {"qty": {"type": "integr"}}}');
    await expect(dialog.getByText(/not a valid JSON Schema at \/properties\/qty\/type/)).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Save changes" })).toBeDisabled();
    await expectNoAxeViolations(page);
  });
});
