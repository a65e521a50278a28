import { expect, type Page, test } from "@playwright/test";
import { demoUsers, signIn, signInToPortal } from "./support/auth";

/**
 * Every page of the SPA (staff, canvas, portal) and the API docs load under the
 * Content-Security-Policy the API sends (backend app/lib/security_headers.py) with no
 * violation: none reported to the page (securitypolicyviolation) and none in the console.
 */

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations?.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

async function expectNoViolations(page: Page, console: string[], where: string) {
  // Violation events are queued as tasks: let the page run the ones already queued.
  const reported = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) =>
        setTimeout(() => resolve(window.__cspViolations ?? []), 0),
      ),
  );
  expect([...reported, ...console], `CSP violations on ${where}`).toEqual([]);
}

async function visit(page: Page, path: string, console: string[]) {
  const response = await page.goto(path);
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy, `the CSP of ${path}`).toContain("script-src 'self';");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response?.headers()["x-frame-options"]).toBe("DENY");
  // Pages load their chunks and data first: generous on a busy machine.
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible({ timeout: 30_000 });
  await expectNoViolations(page, console, path);
}

const STAFF_PAGES = [
  "/journeys",
  "/dashboards/administration",
  "/supervisor",
  "/job-types",
  "/customer-wording",
  "/contacts",
  "/segments",
  "/segments/new",
  "/templates",
  "/messages",
  "/outbox",
  "/events",
  "/reports",
  "/automation/scoring",
  "/automation/schedules",
  "/admin/users",
  "/admin/roles",
  "/admin/api-keys",
  "/admin/audit",
];

const PORTAL_PAGES = [
  "/portal",
  "/portal/orders",
  "/portal/returns",
  "/portal/tickets",
  "/portal/appointments",
  "/portal/messages",
  "/portal/documents",
  "/portal/profile",
  "/portal/my-data",
  "/portal/referrals",
];

test.describe("content security policy", () => {
  test("staff pages load with no violation", async ({ page }) => {
    test.setTimeout(STAFF_PAGES.length * 35_000);
    const console = await watchViolations(page);
    await signIn(page, demoUsers.superUser.email);
    for (const path of STAFF_PAGES) await visit(page, path, console);
  });

  test("the canvas, a job and a letter preview load with no violation", async ({ page }) => {
    test.setTimeout(240_000);
    const console = await watchViolations(page);
    await signIn(page, demoUsers.superUser.email);

    // The canvas of a published journey, drawn by React Flow.
    await visit(page, "/journeys", console);
    await page.getByRole("link", { name: "Order to delivery" }).first().click();
    await expect(page.locator(".react-flow__node").first()).toBeVisible({ timeout: 30_000 });
    await expectNoViolations(page, console, "the journey canvas");

    // A job page (guidance, form, files).
    await visit(page, "/dashboards/administration", console);
    await page.locator("a[href^='/jobs/']").first().click();
    await expect(page).toHaveURL(/\/jobs\//);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 30_000 });
    await expectNoViolations(page, console, "a job page");

    // A letter template's preview: its layout's own <style> in a sandboxed frame.
    await visit(page, "/templates", console);
    await page
      .getByRole("link", { name: /letter/i })
      .first()
      .click();
    await expect(page.getByTitle("Rendered HTML")).toBeVisible({ timeout: 30_000 });
    await expectNoViolations(page, console, "a letter template's preview");
  });

  test("the customer portal loads with no violation", async ({ page }) => {
    test.setTimeout(PORTAL_PAGES.length * 35_000);
    const console = await watchViolations(page);
    await signInToPortal(page, demoUsers.ada.email);
    for (const path of PORTAL_PAGES) await visit(page, path, console);
  });

  test("the sign-in pages load with no violation", async ({ page }) => {
    const console = await watchViolations(page);
    await visit(page, "/login", console);
    await visit(page, "/portal/login", console);
  });

  test("the API docs load from our own origin with no violation", async ({ page }) => {
    // Swagger UI lays out every operation at once: seconds of work on a busy machine.
    test.setTimeout(120_000);
    const console = await watchViolations(page);
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    const response = await page.goto("/api/docs");
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self';");
    await expect(page.getByRole("heading", { name: /Waymark API/ })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByText("/api/v1/journeys", { exact: true }).first()).toBeVisible({
      timeout: 60_000,
    });
    await expectNoViolations(page, console, "/api/docs");
    const origin = new URL(page.url()).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("data:"))).toEqual(
      [],
    );
  });
});
