import { expect, type Page, test } from "@playwright/test";
import { demoUsers, signIn, signInToPortal } from "../support/auth";
import { expectNoAxeViolations } from "../support/axe";
import { expectFitsScreen, expectTouchTargets } from "../support/viewport";

const TABLET = { width: 768, height: 1024 };

/** The page has its data, not a skeleton or a "Loading…" row. */
async function settled(page: Page, heading: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1, name: heading }).first()).toBeVisible();
  await expect(page.locator(".mantine-Skeleton-root")).toHaveCount(0);
  await expect(page.getByText(/^Loading\b.*…$/)).toHaveCount(0);
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
}

/**
 * At the phone's size: no sideways scrolling, nothing cut off, finger-sized targets, axe
 * clean. Then at an upright tablet's size: no sideways scrolling either.
 */
async function checkPage(page: Page, path: string, heading: string | RegExp) {
  const phone = page.viewportSize();
  await page.goto(path);
  await settled(page, heading);
  await expectFitsScreen(page);
  await expectTouchTargets(page);
  await expectNoAxeViolations(page);
  await page.setViewportSize(TABLET);
  await settled(page, heading);
  await expectFitsScreen(page);
  if (phone) await page.setViewportSize(phone);
}

async function firstId(page: Page, path: string): Promise<string> {
  const response = await page.request.get(path);
  expect(response.ok(), `GET ${path}`).toBe(true);
  const body = (await response.json()) as { id: string }[] | { items: { id: string }[] };
  const id = (Array.isArray(body) ? body : body.items)[0]?.id;
  expect(id, `an item from ${path}`).toBeTruthy();
  return id as string;
}

test.describe("every page on a phone (390 × 844) and an upright tablet (768 × 1024)", () => {
  test("sign-in pages", async ({ page }) => {
    await checkPage(page, "/login", "Sign in to Waymark");
    await checkPage(page, "/portal/login", "Sign in to your customer portal");
  });

  test("the customer portal", async ({ page }) => {
    test.setTimeout(120_000);
    await signInToPortal(page, demoUsers.ada.email);
    const pages: [string, string | RegExp][] = [
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
    for (const [path, heading] of pages) await checkPage(page, path, heading);
    const returnId = await firstId(page, "/api/v1/portal/returns");
    await checkPage(page, `/portal/records/${returnId}`, /^Return R-/);
  });

  test("staff pages: admin, journeys and jobs", async ({ page }) => {
    test.setTimeout(300_000);
    await signIn(page, demoUsers.superUser.email);
    const job = await firstId(page, "/api/v1/jobs?scope=all&limit=1");
    const pages: [string, string | RegExp][] = [
      ["/admin/users", "Users"],
      ["/admin/roles", "Roles"],
      ["/admin/api-keys", "API keys"],
      ["/admin/audit", "Audit log"],
      ["/journeys", "Journeys"],
      ["/job-types", "Job types"],
      ["/customer-wording", "Customer wording"],
      ["/dashboards/administration", "Administration dashboard"],
      ["/supervisor", "Supervisor"],
      [`/jobs/${job}`, /./],
      ["/reports", "Reports"],
      ["/no/such/page", "Page not found"],
    ];
    for (const [path, heading] of pages) await checkPage(page, path, heading);
  });

  test("staff pages: contacts, messages and automation", async ({ page }) => {
    test.setTimeout(300_000);
    await signIn(page, demoUsers.superUser.email);
    const contact = await firstId(page, "/api/v1/contacts?page_size=1");
    const segment = await firstId(page, "/api/v1/segments");
    const template = await firstId(page, "/api/v1/templates");
    const pages: [string, string | RegExp][] = [
      ["/contacts", "Contacts"],
      [`/contacts/${contact}`, /./],
      ["/segments", "Segments"],
      [`/segments/${segment}`, /./],
      ["/templates", "Templates"],
      [`/templates/${template}`, /./],
      ["/messages", "Messages"],
      ["/outbox", "Outbox"],
      ["/events", "Events"],
      ["/automation/scoring", "Scoring"],
      ["/automation/schedules", "Schedules"],
    ];
    for (const [path, heading] of pages) await checkPage(page, path, heading);
  });
});

test.describe("finding one's way on a phone", () => {
  test("the staff navigation is a drawer behind the menu button", async ({ page }) => {
    await signIn(page, demoUsers.superUser.email);
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav).not.toBeInViewport();
    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect(nav).toBeInViewport();
    await nav.getByRole("link", { name: "Contacts" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
    // Following a link puts the drawer away.
    await expect(nav).not.toBeInViewport();
    await expect(page.getByRole("button", { name: "Open navigation" })).toHaveAttribute(
      "aria-expanded",
      "false",
    );
  });

  test("the portal's sections are a menu behind the header's button", async ({ page }) => {
    await signInToPortal(page, demoUsers.ada.email);
    await expect(page.getByRole("navigation", { name: "Portal sections" })).toHaveCount(0);
    await page.getByRole("button", { name: "Open menu" }).click();
    const sections = page.getByRole("navigation", { name: "Portal sections" });
    await sections.getByRole("link", { name: "Documents" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Documents" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Portal sections" })).toHaveCount(0);
  });

  test("a dashboard's filters wait in a drawer that counts those set", async ({ page }) => {
    await signIn(page, demoUsers.warehouse.email);
    await expect(page).toHaveURL(/\/dashboards\/warehouse$/);
    // The keyword and whose jobs stay in view; the rest is one button away.
    const search = page.getByRole("search", { name: "Filter jobs" });
    await expect(search.getByLabel("Keyword")).toBeVisible();
    await expect(search.getByLabel("Status")).toHaveCount(0);
    await search.getByRole("button", { name: "Filters" }).click();
    const drawer = page.getByRole("dialog", { name: "Filters" });
    await drawer.getByRole("switch", { name: "Overrunning only" }).check();
    await drawer.getByRole("button", { name: "Show results" }).click();
    await expect(page).toHaveURL(/overrunning=true/);
    await expect(search.getByRole("button", { name: "Filters, 1 set" })).toBeVisible();
    await search.getByRole("button", { name: "Clear" }).click();
    await expect(search.getByRole("button", { name: "Filters", exact: true })).toBeVisible();
    await expect(page).not.toHaveURL(/overrunning=true/);
    await expectFitsScreen(page);
  });

  test("a journey on a phone: the editor asks for a wider screen and shows the numbers", async ({
    page,
  }) => {
    await signIn(page, demoUsers.marketer.email);
    const journeys = (await (await page.request.get("/api/v1/journeys?q=Return")).json()) as {
      items: { id: string; name: string }[];
    };
    const journey = journeys.items.find((item) => item.name === "Return and replacement");
    expect(journey).toBeTruthy();
    await page.goto(`/journeys/${journey?.id}`);
    await expect(
      page.getByRole("heading", { level: 1, name: "Return and replacement" }),
    ).toBeVisible();
    await expect(page.getByText("The journey editor needs a wider screen")).toBeVisible();
    // No canvas: each step is a card with its numbers.
    await expect(page.locator(".react-flow")).toHaveCount(0);
    const steps = page.getByRole("list", { name: "Steps and their numbers" });
    const validate = steps.getByRole("listitem").filter({ hasText: "Validate the product" });
    await expect(validate).toContainText("Entered");
    await expect(validate).toContainText(/Valid: \d+/);
    await expectFitsScreen(page);
    await expectNoAxeViolations(page);
  });
});
