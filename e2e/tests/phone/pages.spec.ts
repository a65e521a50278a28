import { expect, type Page, test } from "@playwright/test";
import { staffApi } from "../support/api";
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

/** A page to check: where it is (or how to find it), its heading, and who signs in. */
interface PageCase {
  path: string | ((page: Page) => Promise<string>);
  heading: string | RegExp;
  /** The test's name when the path is found at run time. */
  name?: string;
}

const firstOf = (api: string, to: (id: string) => string) => async (page: Page) =>
  to(await firstId(page, api));

const portalPages: PageCase[] = [
  { path: "/portal", heading: "Customer portal" },
  { path: "/portal/orders", heading: "Orders" },
  { path: "/portal/returns", heading: "Returns" },
  { path: "/portal/tickets", heading: "Support" },
  { path: "/portal/appointments", heading: "Appointments" },
  { path: "/portal/messages", heading: "Messages" },
  { path: "/portal/documents", heading: "Documents" },
  { path: "/portal/profile", heading: "My details" },
  { path: "/portal/my-data", heading: "My data" },
  {
    path: firstOf("/api/v1/portal/returns", (id) => `/portal/records/${id}`),
    heading: /^Return R-/,
    name: "a return's page",
  },
];

const staffPages: PageCase[] = [
  { path: "/dashboards/warehouse", heading: "Warehouse dashboard" },
  { path: "/dashboards/administration", heading: "Administration dashboard" },
  {
    path: firstOf("/api/v1/jobs?scope=all&limit=1", (id) => `/jobs/${id}`),
    heading: /./,
    name: "a job",
  },
  { path: "/supervisor", heading: "Supervisor" },
  { path: "/job-types", heading: "Job types" },
  { path: "/customer-wording", heading: "Customer wording" },
  { path: "/journeys", heading: "Journeys" },
  { path: "/contacts", heading: "Contacts" },
  {
    path: firstOf("/api/v1/contacts?page_size=1", (id) => `/contacts/${id}`),
    heading: /./,
    name: "a contact",
  },
  { path: "/segments", heading: "Segments" },
  { path: "/segments/new", heading: "New segment" },
  {
    path: firstOf("/api/v1/segments", (id) => `/segments/${id}`),
    heading: /./,
    name: "a segment",
  },
  { path: "/templates", heading: "Templates" },
  { path: "/templates/new", heading: "New template" },
  {
    path: firstOf("/api/v1/templates", (id) => `/templates/${id}`),
    heading: /./,
    name: "a template",
  },
  { path: "/messages", heading: "Messages" },
  { path: "/outbox", heading: "Outbox" },
  { path: "/events", heading: "Events" },
  { path: "/automation/scoring", heading: "Scoring" },
  { path: "/automation/schedules", heading: "Schedules" },
  { path: "/reports", heading: "Reports" },
  { path: "/admin/users", heading: "Users" },
  { path: "/admin/roles", heading: "Roles" },
  { path: "/admin/api-keys", heading: "API keys" },
  { path: "/admin/audit", heading: "Audit log" },
  { path: "/no/such/page", heading: "Page not found" },
];

const label = (page: PageCase) => page.name ?? String(page.path);

// One test a page: each has its own time, and a failure names its page. The times are
// generous: axe on a long page takes a while on a busy machine.
test.describe("every page on a phone (390 × 844) and an upright tablet (768 × 1024)", () => {
  test.describe("signed out", () => {
    const pages: PageCase[] = [
      { path: "/login", heading: "Sign in to Waymark" },
      { path: "/invite/not-a-real-invite", heading: /./ },
      { path: "/portal/login", heading: "Sign in to your customer portal" },
      { path: "/portal/register", heading: "Create your account" },
    ];
    for (const item of pages) {
      test(label(item), async ({ page }) => {
        test.setTimeout(60_000);
        await checkPage(page, item.path as string, item.heading);
      });
    }
  });

  test.describe("the customer portal", () => {
    for (const item of portalPages) {
      test(label(item), async ({ page }) => {
        test.setTimeout(120_000);
        await signInToPortal(page, demoUsers.ada.email);
        const path = typeof item.path === "string" ? item.path : await item.path(page);
        await checkPage(page, path, item.heading);
      });
    }
    test("/portal/referrals (an affiliate's)", async ({ page }) => {
      test.setTimeout(120_000);
      await signInToPortal(page, "alan@example.com");
      await checkPage(page, "/portal/referrals", "Referrals");
    });
  });

  test.describe("staff pages", () => {
    for (const item of staffPages) {
      test(label(item), async ({ page }) => {
        test.setTimeout(180_000);
        await signIn(page, demoUsers.superUser.email);
        const path = typeof item.path === "string" ? item.path : await item.path(page);
        await checkPage(page, path, item.heading);
      });
    }
  });
});

test("a contact known only by a long email address: the title wraps, the page fits", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const staff = await staffApi(baseURL ?? "", demoUsers.superUser.email);
  try {
    const email = `a-customer-with-a-rather-long-address-${Date.now()}@example.com`;
    const contact = (await staff.post("/api/v1/contacts", { email })) as { id: string };
    await signIn(page, demoUsers.superUser.email);
    await checkPage(page, `/contacts/${contact.id}`, email);
  } finally {
    await staff.context.dispose();
  }
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
