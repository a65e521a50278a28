import { expect, test } from "@playwright/test";
import { staffApi } from "./support/api";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

/** A journey: a trigger on `event`, then a wait (`waitId`, `days`), then the end. */
function journey(event: string, waitId: string, label: string, days: number) {
  const at = (y: number) => ({ x: 0, y });
  return {
    nodes: [
      {
        kind: "trigger.event",
        id: "start",
        label: "Subscribed",
        position: at(0),
        config: { event_name: event },
      },
      {
        kind: "flow.wait_duration",
        id: waitId,
        label,
        position: at(140),
        config: { duration: { amount: days, unit: "days" } },
      },
      { kind: "flow.end", id: "end", label: "End", position: at(280), config: {} },
    ],
    edges: [
      { id: "e1", source: "start", source_handle: "next", target: waitId },
      { id: "e2", source: waitId, source_handle: "next", target: "end" },
    ],
  };
}

test.describe("moving running contacts to a new version", () => {
  test.use({ viewport: { width: 1440, height: 1000 } });

  test("a marketer publishes v2 without the step where contacts wait, maps it to the new step and moves them", async ({
    page,
    baseURL,
  }) => {
    // The worker enrols, publishes and moves in the background: room for a loaded machine.
    test.setTimeout(180_000);
    const unique = Date.now();
    const event = `e2e.migrate.r${unique}`;
    const emails = [0, 1, 2].map((n) => `migrate-${unique}-${n}@example.com`);
    const marketer = await staffApi(baseURL ?? "", demoUsers.marketer.email);
    const sender = await staffApi(baseURL ?? "", demoUsers.superUser.email);
    const created = (await marketer.post("/api/v1/journeys", {
      name: `Tips ${unique}`,
      definition: journey(event, "wait-3d", "Wait 3 days", 3),
    })) as { id: string };
    await marketer.post(`/api/v1/journeys/${created.id}/publish`, { revision: 1 });
    for (const [n, email] of emails.entries()) {
      await sender.post("/api/v1/events", {
        name: event,
        contact: { email },
        properties: {},
        idempotency_key: `e2e-migrate-${unique}-${n}`,
      });
    }
    // The worker enrols all three on version 1, where they wait three days.
    await expect
      .poll(
        async () => {
          const review = await marketer.context.get(`/api/v1/journeys/${created.id}/review`);
          const body = (await review.json()) as { running: { contacts: number }[] };
          return body.running.reduce((sum, r) => sum + r.contacts, 0);
        },
        { timeout: 30_000 },
      )
      .toBe(3);
    // Version 2's draft: the three-day wait becomes a one-day wait (a step of its own).
    const saved = await marketer.context.put(`/api/v1/journeys/${created.id}/draft`, {
      headers: marketer.headers,
      data: { revision: 1, definition: journey(event, "wait-1d", "Wait 1 day", 1) },
    });
    expect(saved.ok(), await saved.text()).toBe(true);

    await signIn(page, demoUsers.marketer.email);
    await page.goto(`/journeys/${created.id}`);
    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish this journey?" });
    // The server's diff: the removed step, the added one, and what changed field by field.
    await expect(dialog.getByRole("list", { name: "Removed" })).toContainText("Wait 3 days");
    await expect(dialog.getByRole("list", { name: "Added" })).toContainText("Wait 1 day");
    await expect(dialog.getByRole("list", { name: "What changed in Subscribed" })).toContainText(
      "exits.next: wait-3d → wait-1d",
    );
    await dialog.getByRole("button", { name: "Publish", exact: true }).click();

    const plan = page.getByRole("dialog", { name: "Version 2 is live" });
    const row = plan.getByTestId("plan-row-wait-3d");
    await expect(row).toContainText("removed in version 2");
    await expect(row.getByRole("cell").nth(1)).toHaveText("3");
    const where = row.getByRole("combobox", { name: /Where contacts at “Wait 3 days”/ });
    await expect(where).toHaveValue("finish");
    // Keyboard only: focus the choice and pick the new step.
    await where.focus();
    await where.selectOption({ label: "Move to “Wait 1 day”" });
    await expect(row.getByRole("combobox", { name: /Timers of contacts/ })).toHaveValue("keep");
    await plan.getByRole("button", { name: "Dry run" }).press("Enter");
    await expect(plan.getByTestId("dry-run-counts")).toContainText("3 would move to version 2");
    await expectNoAxeViolations(page);
    await plan.getByRole("button", { name: "Move contacts" }).click();
    await expect(plan.getByTestId("migration-status")).toContainText("Done: 3 moved to version 2", {
      timeout: 30_000,
    });
    await expectNoAxeViolations(page);
    await plan.getByRole("button", { name: "Done" }).click();
    await expect(plan).toBeHidden();

    // Each contact's page shows them on version 2, at the new step (a tab of its own, so
    // the editor's unsaved-changes guard is not in the way).
    const contactPage = await page.context().newPage();
    for (const email of emails) {
      const found = await marketer.context.get("/api/v1/contacts", { params: { q: email } });
      const { items } = (await found.json()) as { items: { id: string }[] };
      expect(items).toHaveLength(1);
      await contactPage.goto(`/contacts/${items[0]?.id}`);
      const card = contactPage.getByRole("region", { name: "Journeys" });
      await expect(card).toContainText(`Tips ${unique}`);
      await expect(card).toContainText("v2");
      await expect(card).toContainText("At Wait 1 day");
    }
    await expectNoAxeViolations(contactPage);
  });
});
