import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { process, run } from "../testing/sales-fixtures";
import type { RunPreview } from "../types";

const first = process({
  id: "pr-1",
  name: "Bookings to meetings",
  last_run: run(),
  moved_total: 12,
});
const second = process({ id: "pr-2", name: "Call backs", priority: 2, placement: "active_user" });
const old = process({
  id: "pr-3",
  name: "Old campaign",
  priority: 1,
  active: false,
  deactivated_at: "2026-12-05T08:00:00Z",
  next_run_at: null,
});
const preview: RunPreview = {
  total: 2,
  scan_from: "2026-12-01T09:00:00Z",
  scan_until: "2026-12-07T10:05:00Z",
  items: [
    {
      card_id: "k-1",
      contact: { id: "c-1", name: "Ada Lovelace", email: "ada@example.com", phone: null },
      from_project: { id: "p-north", name: "Calls North" },
      outcome: "Booking",
      processed_at: "2026-12-07T09:00:00Z",
      action: "moved",
      to_kind: "user",
      to_name: "Bea Booker",
      to_id: "user-bea",
      reason: "booked_resource",
      detail: "Booked with a user of the destination: goes to that user.",
    },
    {
      card_id: "k-2",
      contact: { id: "c-2", name: "Grace Hopper", email: "grace@example.com", phone: null },
      from_project: { id: "p-south", name: "Calls South" },
      outcome: "Booking",
      processed_at: "2026-12-07T09:30:00Z",
      action: "moved",
      to_kind: "new_bucket",
      to_name: "Calls South",
      to_id: null,
      reason: "new_bucket",
      detail: "No bucket or user chosen: into a bucket named after the source project.",
    },
  ],
};

function api(posted: string[] = []) {
  return mockFetch({
    ...signedInApi(superUser),
    "GET /api/v1/sales/processes": () => jsonResponse([first, second, old]),
    "POST /api/v1/sales/processes/pr-1/preview": () => {
      posted.push("preview");
      return jsonResponse(preview);
    },
    "POST /api/v1/sales/processes/pr-1/runs": () => {
      posted.push("run");
      return jsonResponse(run({ kind: "manual", status: "running", moved: 0 }), { status: 202 });
    },
    "POST /api/v1/sales/processes/pr-3/activate": () => {
      posted.push("activate");
      return jsonResponse({ ...old, active: true });
    },
  });
}

describe("sales: automatic processes", () => {
  it("lists active processes in priority order, then inactive ones, with their last run", async () => {
    api();
    renderApp("/sales/processes");

    const active = await screen.findByRole("table", { name: "Active processes" });
    await within(active).findByText("Bookings to meetings");
    const rows = within(active).getAllByRole("row");
    expect(rows.slice(1).map((row) => within(row).getAllByRole("cell")[1]?.textContent)).toEqual([
      "Bookings to meetingsCalls North, Calls South → Booked meetings",
      "Call backsCalls North, Calls South → Booked meetings",
    ]);
    expect(within(active).getByText("3 moved · 1 left · 12 in all")).toBeVisible();
    expect(within(active).getByText("Not run yet")).toBeVisible();
    expect(within(active).getByText(/any active member/)).toBeVisible();
    const inactive = screen.getByRole("table", { name: "Inactive processes" });
    expect(within(inactive).getByText("Old campaign")).toBeVisible();
    expect(within(inactive).getByRole("button", { name: "Reactivate Old campaign" })).toBeVisible();
    expect(within(inactive).queryByRole("button", { name: /Run Old campaign/ })).toBeNull();
  });

  it("previews a run, then runs it now", async () => {
    const posted: string[] = [];
    api(posted);
    renderApp("/sales/processes");

    await userEvent.click(
      await screen.findByRole("button", { name: "Preview Bookings to meetings" }),
    );
    const dialog = await screen.findByRole("dialog", { name: "Dry run: Bookings to meetings" });
    expect(within(dialog).getByText(/2 cards would move/)).toBeVisible();
    const table = within(dialog).getByRole("table", { name: "Cards a run would move" });
    expect(within(table).getByText("User Bea Booker")).toBeVisible();
    expect(within(table).getByText("New bucket “Calls South”")).toBeVisible();
    expect(posted).toEqual(["preview"]);

    await userEvent.click(within(dialog).getByRole("button", { name: "Run now" }));
    expect(await screen.findByText(/is running; its counts show here/)).toBeVisible();
    expect(posted).toEqual(["preview", "run"]);
  });

  it("reactivates an inactive process", async () => {
    const posted: string[] = [];
    api(posted);
    renderApp("/sales/processes");
    await userEvent.click(await screen.findByRole("button", { name: "Reactivate Old campaign" }));
    expect(await screen.findByText(/looks back 30 days now/)).toBeVisible();
    expect(posted).toEqual(["activate"]);
  });
});
