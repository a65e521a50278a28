import { expect, type Page } from "@playwright/test";

/** Every demo login has this password (`python -m app seed`, backend/app/demo.py). */
export const DEMO_PASSWORD = "waymark-demo-2026";

export const demoUsers = {
  superUser: { email: "super-user@waymark.local", name: "Morgan Reyes" },
  marketer: { email: "marketer@waymark.local", name: "Priya Shah" },
  customerSupport: { email: "customer-support@waymark.local", name: "Tom Baker" },
  warehouse: { email: "warehouse@waymark.local", name: "Wes Carter" },
  production: { email: "production@waymark.local", name: "Pat Nguyen" },
  sales: { email: "sales@waymark.local", name: "Sofia Rossi" },
  finance: { email: "finance@waymark.local", name: "Felix Wagner" },
  supervisor: { email: "supervisor@waymark.local", name: "Sam Okafor" },
  ada: { email: "ada@example.com", name: "Ada Lovelace" },
  grace: { email: "grace@example.com", name: "Grace Hopper" },
} as const;

/** Fills in and submits the sign-in form already on the page (staff or portal). */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * Signs in through the staff sign-in page, the way a person does, and waits until the
 * SPA has left it (for the active role's dashboard, or `next`).
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Waymark" })).toBeVisible();
  await submitSignIn(page, email, password);
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole("banner")).toBeVisible();
}

/** Signs a customer in through the portal's sign-in page. */
export async function signInToPortal(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/portal/login");
  await expect(
    page.getByRole("heading", { level: 1, name: "Sign in to your customer portal" }),
  ).toBeVisible();
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL(/\/portal$/);
}

/** The main navigation's link texts, in order. */
export async function navigationEntries(page: Page): Promise<string[]> {
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link").first()).toBeVisible();
  return nav.getByRole("link").allTextContents();
}
