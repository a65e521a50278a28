import { expect, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

const JOURNEY = "Hand-picked follow-up";

async function openJourney(page: Page) {
  await page.goto("/journeys");
  await page.getByRole("link", { name: JOURNEY, exact: true }).first().click();
  // (The toolbar clamps a long name on a narrow screen: wait for the canvas instead.)
  await expect(page.getByTestId("node-wait-2-days")).toBeVisible();
}

async function openWhoIsHere(page: Page, step: string) {
  const button = page.getByRole("button", { name: new RegExp(`^See who is at “${step}”`) });
  // By keyboard: the link on the step's numbers is a real button.
  await button.focus();
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: new RegExp(`Who is at “${step}” now`) });
  await expect(drawer).toBeVisible();
  return drawer;
}

async function waitingAt(page: Page, step: string): Promise<number> {
  const button = page.getByRole("button", { name: new RegExp(`^See who is at “${step}”`) });
  if ((await button.count()) === 0) return 0;
  const label = (await button.getAttribute("aria-label")) ?? "";
  return Number(/: (\d+) waiting/.exec(label)?.[1] ?? "0");
}

test.describe("who is where", () => {
  test.describe.configure({ mode: "serial", timeout: 120_000 });

  test("a marketer sees who waits at a step, opens one's path, removes and moves contacts", async ({
    page,
  }) => {
    await signIn(page, demoUsers.marketer.email);
    await openJourney(page);
    // The demo's 20 hand-picked contacts wait at “Wait 2 days” (fewer after earlier runs).
    await expect.poll(() => waitingAt(page, "Wait 2 days")).toBeGreaterThan(2);
    const before = await waitingAt(page, "Wait 2 days");

    // Numbers per version: version 1 holds them all.
    await page.getByRole("textbox", { name: "Numbers of" }).click();
    await page.getByRole("option", { name: "Version 1" }).click();
    await expect.poll(() => waitingAt(page, "Wait 2 days")).toBe(before);

    const drawer = await openWhoIsHere(page, "Wait 2 days");
    const rows = drawer.getByTestId("who-is-here-row");
    await expect(rows).toHaveCount(Math.min(before, 25));
    await expect(drawer.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
      "href",
      /export\.csv\?.*node_id=wait-2-days/,
    );
    await expectNoAxeViolations(page);

    // Search narrows the list; a contact's path opens from its row.
    await drawer.getByLabel("Search").fill("Tomas");
    await expect(rows).toHaveCount(1);
    await drawer.getByRole("button", { name: "Actions for Tomas Varga" }).click();
    await page.getByRole("menuitem", { name: "See the path" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: `Path through ${JOURNEY}` }),
    ).toBeVisible();
    const steps = page.getByRole("list", { name: "Steps taken" });
    await expect(steps.getByRole("button", { name: /Enrolled by hand → next/ })).toBeVisible();
    await expect(page.getByTestId("node-wait-2-days")).toHaveAttribute("data-path", "held");
    await expect(page.getByTestId("node-start")).toHaveAttribute("data-path", "taken");
    // Each step's data: the wait's due time, the trigger's line.
    await steps.getByRole("button", { name: /Wait 2 days/ }).click();
    await expect(page.getByTestId("step-trace")).toContainText("due at");
    await steps.getByRole("button", { name: /Enrolled by hand/ }).click();
    await expect(page.getByTestId("step-trace")).toContainText("Entered the journey.");
    await expectNoAxeViolations(page);

    // Remove one, move another: audited actions on the server, the numbers follow.
    await openJourney(page);
    const again = await openWhoIsHere(page, "Wait 2 days");
    await again.getByLabel("Search").fill("Ada Byron");
    await expect(again.getByTestId("who-is-here-row")).toHaveCount(1);
    await again.getByRole("button", { name: "Actions for Ada Byron" }).click();
    await page.getByRole("menuitem", { name: "Remove from the journey…" }).click();
    await page.getByRole("dialog", { name: "Remove from the journey?" }).getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText("Ada Byron: removed from the journey.")).toBeVisible();
    await expect(again.getByTestId("who-is-here-row")).toHaveCount(0);

    await again.getByLabel("Search").fill("Ben Okafor");
    await expect(again.getByTestId("who-is-here-row")).toHaveCount(1);
    await again.getByRole("button", { name: "Actions for Ben Okafor" }).click();
    await page.getByRole("menuitem", { name: "Move to another step…" }).click();
    const move = page.getByRole("dialog", { name: "Move Ben Okafor to another step" });
    await move.getByRole("textbox", { name: "Step" }).click();
    await page.getByRole("option", { name: "Wait for a reply" }).click();
    await move.getByRole("button", { name: "Move" }).click();
    await expect(page.getByText("Ben Okafor: moved to “Wait for a reply”.")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect.poll(() => waitingAt(page, "Wait 2 days")).toBe(before - 2);
    await expect.poll(() => waitingAt(page, "Wait for a reply")).toBeGreaterThan(0);
  });

  test("a contact enrolled by hand from its page shows up in the numbers", async ({ page }) => {
    await signIn(page, demoUsers.marketer.email);
    await openJourney(page);
    await expect.poll(() => waitingAt(page, "Wait 2 days")).toBeGreaterThan(0);
    const before = await waitingAt(page, "Wait 2 days");

    await page.goto("/contacts?q=katherine");
    await page.getByRole("table", { name: "Contacts" }).getByRole("link", { name: "Katherine Johnson" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Katherine Johnson" })).toBeVisible();
    await page.getByRole("button", { name: "Enrol in a journey…" }).click();
    const dialog = page.getByRole("dialog", { name: "Enrol Katherine Johnson in a journey" });
    await dialog.getByRole("textbox", { name: "Journey" }).click();
    await page.getByRole("option", { name: `${JOURNEY} (v1)` }).click();
    await expectNoAxeViolations(page);
    await dialog.getByRole("button", { name: "Enrol" }).click();
    await expect(dialog.getByText("Katherine Johnson is in the journey now (version 1).")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    const card = page.getByRole("region", { name: "Journeys" });
    await expect(card.getByRole("link", { name: JOURNEY }).first()).toBeVisible();

    await openJourney(page);
    await expect.poll(() => waitingAt(page, "Wait 2 days")).toBe(before + 1);
    const drawer = await openWhoIsHere(page, "Wait 2 days");
    await drawer.getByLabel("Search").fill("Katherine");
    await expect(drawer.getByTestId("who-is-here-row").first()).toContainText("Katherine Johnson");
  });
});
