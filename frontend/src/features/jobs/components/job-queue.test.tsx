import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeEventSource, mockEventSource } from "@/testing/event-source-mock";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { problem, signedInApi, warehouseWorker } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";
import type { JobSummary, Queue } from "../types";

function job(overrides: Partial<JobSummary> & Pick<JobSummary, "id" | "title">): JobSummary {
  return {
    type: { name: "send_replacement", label: "Send a replacement" },
    queue: "warehouse",
    status: "new",
    priority: "normal",
    assignee: null,
    contact: { id: "c-1", name: "Ada Lovelace" },
    created_at: "2026-11-23T02:00:00Z",
    due_at: "2026-11-24T02:00:00Z",
    claimed_at: null,
    completed_at: null,
    overrunning: false,
    version: 1,
    ...overrides,
  };
}

const queue: Queue = {
  name: "warehouse",
  label: "Warehouse",
  role: "warehouse",
  dashboard: "/dashboards/warehouse",
  open: 1,
  unassigned: 1,
  mine: 0,
  overrunning: 0,
};

describe("a role's dashboard", () => {
  let jobs: JobSummary[];
  let asked: URLSearchParams[];

  beforeEach(() => {
    mockEventSource();
    jobs = [job({ id: "j-1", title: "Replace kettle for Ada" })];
    asked = [];
    mockFetch({
      ...signedInApi(warehouseWorker),
      "GET /api/v1/jobs/queues": () => jsonResponse([{ ...queue, open: jobs.length }]),
      "GET /api/v1/jobs": (request) => {
        asked.push(new URL(request.url).searchParams);
        return jsonResponse({ items: jobs, next_cursor: null });
      },
      "GET /api/v1/jobs/types": () => jsonResponse([]),
      "GET /api/v1/jobs/filters": () => jsonResponse([]),
      "POST /api/v1/jobs/j-1/claim": () =>
        problem(409, "Already claimed by Pat Nguyen", {
          assignee: { id: "u-9", name: "Pat Nguyen", email: "production@waymark.local" },
        }),
    });
  });

  it("lists unassigned + mine for the role's queue, with counts", async () => {
    renderApp("/dashboards/warehouse");
    expect(await screen.findByRole("link", { name: "Replace kettle for Ada" })).toBeVisible();
    expect(asked[0]?.getAll("queue")).toEqual(["warehouse"]);
    expect(asked[0]?.get("scope")).toBe("default");
    expect(
      await screen.findByRole("link", { name: /^Warehouse: 1 open, 1 unassigned, 0 yours/ }),
    ).toBeVisible();
  });

  it("shows a job pushed over the stream, and a claimed job changing, without a refresh", async () => {
    renderApp("/dashboards/warehouse");
    await screen.findByRole("link", { name: "Replace kettle for Ada" });
    const source = FakeEventSource.latest();
    expect(source.url).toBe("/api/v1/jobs/stream?queue=warehouse");
    act(() => source.ready(["warehouse"]));
    expect(await screen.findByRole("status", { name: "Updates: Live" })).toBeVisible();

    const arrived = job({ id: "j-2", title: "Replace toaster for Grace" });
    jobs = [arrived, ...jobs];
    act(() => source.emit("job", { action: "job.created", job: arrived, actor_id: null, at: "" }));
    expect(await screen.findByRole("link", { name: "Replace toaster for Grace" })).toBeVisible();

    // Claimed by someone else: the row changes at once (before the refetch drops it).
    const claimed = {
      ...jobs[1],
      status: "in_progress",
      version: 2,
      assignee: { id: "u-9", name: "Pat Nguyen", email: "p@x" },
    } as JobSummary;
    jobs = [arrived];
    act(() => source.emit("job", { action: "job.claimed", job: claimed, actor_id: "u-9", at: "" }));
    await waitFor(() =>
      expect(screen.queryByRole("link", { name: "Replace kettle for Ada" })).toBeNull(),
    );
  });

  it("falls back to polling with a visible indicator when the stream drops", async () => {
    renderApp("/dashboards/warehouse");
    await screen.findByRole("link", { name: "Replace kettle for Ada" });
    const source = FakeEventSource.latest();
    act(() => source.ready());
    act(() => source.drop());
    expect(await screen.findByRole("status", { name: "Updates: Reconnecting" })).toBeVisible();
  });

  it("says who holds a job when a claim loses", async () => {
    renderApp("/dashboards/warehouse");
    const row = (await screen.findByRole("link", { name: "Replace kettle for Ada" })).closest(
      "tr",
    ) as HTMLElement;
    fireEvent.click(within(row).getByRole("button", { name: "Claim Replace kettle for Ada" }));
    await findVisible(() => screen.getByText("Already claimed by Pat Nguyen."));
  });

  it("keeps its filters in the URL and sends them to the API", async () => {
    const { router } = renderApp("/dashboards/warehouse?status=on_hold&overrunning=true");
    await screen.findByRole("link", { name: "Replace kettle for Ada" });
    expect(asked.at(-1)?.getAll("status")).toEqual(["on_hold"]);
    expect(asked.at(-1)?.get("overrunning")).toBe("true");

    fireEvent.change(screen.getByRole("searchbox", { name: "Keyword" }), {
      target: { value: "kettle" },
    });
    await waitFor(() => expect(asked.at(-1)?.get("q")).toBe("kettle"));
    expect(router.state.location.search).toContain("q=kettle");
    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(asked.at(-1)?.get("q")).toBeNull());
    expect(asked.at(-1)?.get("overrunning")).toBeNull();
  });
});
