import { expect, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

/** Picks `option` in the Mantine select labelled `label` (within `scope`). */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole("textbox", { name: label, exact: true }).last().click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

test.describe("contacts", () => {
  // Each test walks several pages and runs axe on three of them.
  test.describe.configure({ timeout: 90_000 });

  test("search a contact, tag them, opt them out of email and see it on the timeline", async ({
    page,
  }) => {
    await signIn(page, demoUsers.customerSupport.email);
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Contacts" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel("Search").fill("katherine");
    const table = page.getByRole("table", { name: "Contacts" });
    await expect(table.getByRole("link")).toHaveCount(1);
    await expect(page).toHaveURL(/q=katherine/);
    await table.getByRole("link", { name: "Katherine Johnson" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Katherine Johnson" })).toBeVisible();

    const tag = `e2e-${Date.now()}`;
    await page.getByLabel("Add tag").fill(tag);
    await page.getByRole("button", { name: "Add tag" }).click();
    const tags = page.getByRole("list", { name: "Tags" });
    await expect(tags.getByRole("listitem").filter({ hasText: tag })).toBeVisible();

    // Another run may have opted her out already: opt her in first, by the same page.
    // A table where the column is wide enough, else a list of cards: the same buttons.
    const consent = page.getByRole("region", { name: "Consent", exact: true });
    const optIn = consent.getByRole("button", { name: "Opt in to Email" });
    if (await optIn.isVisible()) {
      await optIn.click();
      await expect(consent.getByRole("button", { name: "Opt out of Email" })).toBeVisible();
    }
    await consent.getByRole("button", { name: "Opt out of Email" }).click();
    const emailRow = consent
      .getByRole("row")
      .or(consent.getByRole("listitem"))
      .filter({ hasText: "Email" });
    await expect(emailRow).toContainText("Opted out");
    await expect(emailRow).toContainText("No");

    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect(timeline.getByText("Opted out of email").first()).toBeVisible();
    await expect(timeline.getByText(`Tagged “${tag}”`)).toBeVisible();

    await page.getByRole("button", { name: "Show consent history" }).click();
    await expect(page.getByText("via staff").first()).toBeVisible();
    await expectNoAxeViolations(page);

    // The list filters by the new tag and finds her.
    await page.goto(`/contacts?tag=${tag}`);
    await expect(page.getByRole("table", { name: "Contacts" }).getByRole("link")).toHaveText([
      "Katherine Johnson",
    ]);
  });

  test("build a segment and watch the live count change", async ({ page }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/segments");
    await expect(page.getByRole("heading", { level: 1, name: "Segments" })).toBeVisible();
    await expect(page.getByRole("link", { name: "No activity for 90 days", exact: true })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "New segment" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New segment" })).toBeVisible();
    const label = `E2E VIPs ${Date.now()}`;
    await page.getByLabel("Label").fill(label);

    await page.getByRole("button", { name: "+ Rule" }).click();
    await choose(page, "Rule", "Has a tag");
    await page.getByRole("textbox", { name: "Tag", exact: true }).fill("vip");
    const count = page.getByTestId("segment-count");
    await expect(count).toHaveText(/^\d+$/);
    const vips = Number(await count.textContent());
    expect(vips).toBeGreaterThan(0);

    await page.getByRole("textbox", { name: "Tag", exact: true }).fill("newsletter");
    await expect(count).not.toHaveText(String(vips));
    await expect(count).toHaveText(/^\d+$/);
    const subscribers = Number(await count.textContent());
    expect(subscribers).toBeGreaterThan(vips);

    // "Not" turns the rule around: everyone else.
    await page.getByRole("button", { name: "Not", exact: true }).first().click();
    await expect(count).not.toHaveText(String(subscribers));
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Save segment" }).click();
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await page.getByRole("link", { name: "← All segments" }).click();
    await expect(page.getByRole("link", { name: label, exact: true })).toBeVisible();
  });
});
