import { expect, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";

// A laptop screen: the navbar takes 248 px, the tables get what is left.
test.use({ viewport: { width: 1280, height: 800 } });

interface Layout {
  badges: number;
  /** Badges whose text is cut ("In …", "Nor…"). */
  truncated: string[];
  /** The table's own scrolling box: wider content means a sideways scroll. */
  tableScroll: { content: number; box: number };
  /** How far the page itself is wider than the window. */
  pageOverflow: number;
}

async function layoutOf(page: Page, tableName: string): Promise<Layout> {
  const table = page.getByRole("table", { name: tableName, exact: true });
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  return table.evaluate((element) => {
    const badges = [...element.querySelectorAll<HTMLElement>(".mantine-Badge-root")];
    const cut = (box: HTMLElement) => box.scrollWidth > box.clientWidth;
    const scroller = element.closest<HTMLElement>("[role=region]") ?? element;
    return {
      badges: badges.length,
      truncated: badges
        .filter((badge) => {
          const label = badge.querySelector<HTMLElement>(".mantine-Badge-label") ?? badge;
          return cut(badge) || cut(label);
        })
        .map((badge) => badge.textContent ?? ""),
      tableScroll: { content: scroller.scrollWidth, box: scroller.clientWidth },
      pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
}

function expectFits(layout: Layout) {
  expect(layout.badges).toBeGreaterThan(0);
  expect(layout.truncated).toEqual([]);
  expect(layout.tableScroll.content).toBeLessThanOrEqual(layout.tableScroll.box);
  expect(layout.pageOverflow).toBeLessThanOrEqual(0);
}

test.describe("tables at 1280 px", () => {
  test("a queue's jobs: every status and priority badge whole, the table fits", async ({
    page,
  }) => {
    await signIn(page, "administration@waymark.local");
    await page.goto("/dashboards/administration");
    expectFits(await layoutOf(page, "Administration jobs"));
  });

  test("the supervisor's every-queue table (queue and selection columns) fits", async ({
    page,
  }) => {
    await signIn(page, demoUsers.supervisor.email);
    await page.goto("/dashboards/supervisor");
    const layout = await layoutOf(page, "Jobs in every queue");
    expectFits(layout);
    // In progress and overrunning jobs are in the demo data: the longest badges.
    await expect(
      page.getByRole("table", { name: "Jobs in every queue" }).getByText("In progress").first(),
    ).toBeVisible();
  });

  test("messages: status badges whole, the last column inside the frame", async ({ page }) => {
    await signIn(page, demoUsers.marketer.email);
    await page.goto("/messages");
    expectFits(await layoutOf(page, "Messages"));
    const frame = await page.getByRole("region", { name: "Messages table" }).boundingBox();
    const open = await page
      .getByRole("button", { name: /^Open message to/ })
      .first()
      .boundingBox();
    expect(frame && open).toBeTruthy();
    if (frame && open) expect(open.x + open.width).toBeLessThanOrEqual(frame.x + frame.width);
  });
});
