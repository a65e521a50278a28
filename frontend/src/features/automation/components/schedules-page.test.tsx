import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, signedInApi } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import type { Schedule, ScheduleRun } from "../types";

const run: ScheduleRun = {
  id: 7,
  journey_id: "j-1",
  journey_name: "Birthdays",
  version: 2,
  node_id: "daily",
  due_at: "2026-03-02T00:00:00Z",
  timezones: ["Asia/Tokyo"],
  started_at: "2026-03-02T00:00:10Z",
  finished_at: "2026-03-02T00:00:11Z",
  enrolled: 3,
};
const schedule: Schedule = {
  journey_id: "j-1",
  journey_name: "Birthdays",
  version: 2,
  node_id: "daily",
  label: "Every morning",
  description: "Daily at 09:00 in each contact's time zone",
  segment: "customers",
  next_run_at: "2026-03-03T00:00:00Z",
  last_run: run,
};

describe("automation: schedules", () => {
  it("shows each schedule in words with its next and last run, and the runs", async () => {
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/schedules": () => jsonResponse([schedule]),
      "GET /api/v1/schedules/runs": () => jsonResponse({ items: [run], total: 1 }),
    });
    renderApp("/automation/schedules");

    const table = await screen.findByRole("table", { name: "Schedules" });
    const link = await within(table).findByRole("link", { name: "Birthdays" });
    expect(link).toHaveAttribute("href", "/journeys/j-1");
    expect(within(table).getByText("Daily at 09:00 in each contact's time zone")).toBeVisible();
    expect(within(table).getByText("customers")).toBeVisible();
    expect(within(table).getByText(/3 contacts/)).toBeVisible();

    const runs = screen.getByRole("table", { name: "Schedule runs" });
    expect(await within(runs).findByText("Asia/Tokyo")).toBeVisible();
    expect(within(runs).getByText("3")).toBeVisible();
    expect(screen.getByText("1–1 of 1 runs")).toBeVisible();
  });

  it("says so when no journey starts on a schedule", async () => {
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/schedules": () => jsonResponse([]),
      "GET /api/v1/schedules/runs": () => jsonResponse({ items: [], total: 0 }),
    });
    renderApp("/automation/schedules");
    expect(await screen.findByText("No active journey starts on a schedule.")).toBeVisible();
    expect(await screen.findByText("No runs yet.")).toBeVisible();
  });
});
