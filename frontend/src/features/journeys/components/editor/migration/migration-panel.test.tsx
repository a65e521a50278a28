import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { renderWithProviders } from "@/testing/render";
import type { Migration, PlanProposal } from "@/types/generated/migrations-api";
import { MigrationPanel } from "./migration-panel";

const J = "j-1";
const BASE = `/api/v1/journeys/${J}`;

const proposal: PlanProposal = {
  to_version: 2,
  running: 20,
  steps: [
    {
      version: 1,
      node_id: "w-old",
      label: "Wait 3 days",
      kind: "flow.wait_duration",
      waiting: 20,
      in_new_version: false,
      proposed: { version: 1, node_id: "w-old", action: "finish" },
      keepable: ["w-new"],
    },
  ],
  targets: [{ node_id: "w-new", label: "Wait 1 day", kind: "flow.wait_duration" }],
  active_migration: null,
};

const migration = (over: Partial<Migration>): Migration => ({
  id: "m-1",
  journey_id: J,
  to_version: 2,
  status: "queued",
  detail: null,
  plan: [],
  created_at: "2026-12-07T10:00:00Z",
  created_by: null,
  started_at: null,
  finished_at: null,
  total: 0,
  moved: 0,
  stayed: 0,
  left: 0,
  ended: 0,
  pending: 0,
  ...over,
});

describe("moving running contacts to the new version", () => {
  it("maps a removed step to a new one, dry-runs it and applies it with its progress", async () => {
    const posted: unknown[] = [];
    let polls = 0;
    mockFetch({
      [`GET ${BASE}/migration-plan`]: () => jsonResponse(proposal),
      [`POST ${BASE}/migrations/dry-run`]: async (request) => {
        posted.push(await request.json());
        return jsonResponse({
          to_version: 2,
          mappings: [],
          move: 20,
          stay: 0,
          leave: 0,
          unmapped: 0,
        });
      },
      [`POST ${BASE}/migrations`]: async (request) => {
        posted.push(await request.json());
        return jsonResponse(migration({}), { status: 202 });
      },
      [`GET ${BASE}/migrations/m-1`]: () => {
        polls += 1;
        return jsonResponse(
          polls < 2
            ? migration({ status: "running", total: 20, moved: 5, pending: 15 })
            : migration({ status: "done", total: 20, moved: 20, pending: 0 }),
        );
      },
    });
    renderWithProviders(<MigrationPanel journeyId={J} version={2} />);

    const row = await screen.findByTestId("plan-row-w-old");
    expect(within(row).getByText("removed in version 2")).toBeVisible();
    const where = within(row).getByRole("combobox", { name: /Where contacts at “Wait 3 days”/ });
    expect(where).toHaveValue("finish");
    fireEvent.change(where, { target: { value: "move:w-new" } });
    const timers = within(row).getByRole("combobox", { name: /Timers of contacts/ });
    expect(timers).toHaveValue("keep");

    fireEvent.click(screen.getByRole("button", { name: "Dry run" }));
    expect(await screen.findByTestId("dry-run-counts")).toHaveTextContent(
      "20 would move to version 2, 0 would stay on their version, 0 would leave the journey.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Move contacts" }));
    await waitFor(() =>
      expect(screen.getByTestId("migration-status")).toHaveTextContent(
        "Done: 20 moved to version 2",
      ),
    );
    const plan = {
      to_version: 2,
      mappings: [{ version: 1, node_id: "w-old", action: "move", target: "w-new", timers: "keep" }],
    };
    expect(posted).toEqual([plan, plan]);
  });

  it("shows the refusal naming the mapping at fault", async () => {
    mockFetch({
      [`GET ${BASE}/migration-plan`]: () => jsonResponse(proposal),
      [`POST ${BASE}/migrations`]: () =>
        jsonResponse(
          {
            type: "about:blank",
            title: "Conflict",
            status: 409,
            detail: "Version 3 was published after this plan was made for version 2.",
            errors: [
              { field: "mappings[0].target", message: "step “w-new” was removed in version 3" },
              { field: "mappings[1].target", message: "step “x” was changed in version 3" },
            ],
          },
          { status: 409, contentType: "application/problem+json" },
        ),
    });
    renderWithProviders(<MigrationPanel journeyId={J} version={2} />);
    fireEvent.click(await screen.findByRole("button", { name: "Move contacts" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Version 3 was published");
    expect(alert).toHaveTextContent("mappings[0].target: step “w-new” was removed in version 3");
  });

  it("says so when nobody runs on an older version", async () => {
    mockFetch({
      [`GET ${BASE}/migration-plan`]: () => jsonResponse({ ...proposal, running: 0, steps: [] }),
    });
    renderWithProviders(<MigrationPanel journeyId={J} version={2} />);
    expect(await screen.findByTestId("migration-nobody")).toBeVisible();
  });

  it("follows the migration being applied and stops it: those moved stay moved", async () => {
    let cancelled = 0;
    const running = migration({
      status: "running",
      started_at: "2026-12-07T10:00:01Z",
      total: 20,
      moved: 5,
      pending: 15,
    });
    const earlier = migration({
      id: "m-0",
      status: "done",
      to_version: 2,
      total: 3,
      moved: 3,
      created_by: { id: "u-1", name: "Mara Marketer" },
    });
    mockFetch({
      [`GET ${BASE}/migration-plan`]: () => jsonResponse({ ...proposal, active_migration: "m-1" }),
      [`GET ${BASE}/migrations/m-1`]: () =>
        jsonResponse(cancelled ? { ...running, status: "cancelled" } : running),
      [`GET ${BASE}/migrations`]: () =>
        jsonResponse([cancelled ? { ...running, status: "cancelled" } : running, earlier]),
      [`POST ${BASE}/migrations/m-1/cancel`]: () => {
        cancelled += 1;
        return jsonResponse({
          ...running,
          status: "cancelled",
          finished_at: "2026-12-07T10:01:00Z",
        });
      },
    });
    renderWithProviders(<MigrationPanel journeyId={J} version={2} />);

    expect(await screen.findByTestId("migration-status")).toHaveTextContent(
      "Moving: 5 of 20 decided (5 moved).",
    );
    // Applying one plan at a time: no second one while this one runs.
    expect(screen.queryByRole("button", { name: "Move contacts" })).toBeNull();
    const history = await screen.findByTestId("migration-m-0");
    expect(history).toHaveTextContent("Done: 3 moved to version 2");
    expect(history).toHaveTextContent("Mara Marketer");

    fireEvent.click(screen.getByRole("button", { name: "Stop moving contacts" }));

    await waitFor(() =>
      expect(screen.getByTestId("migration-status")).toHaveTextContent(
        "Stopped: 5 moved to version 2 stay there; 15 not moved stay on their version.",
      ),
    );
    expect(cancelled).toBe(1);
    expect(screen.queryByRole("button", { name: "Stop moving contacts" })).toBeNull();
    // The ones left behind can be planned again.
    fireEvent.click(screen.getByRole("button", { name: "Plan again" }));
    expect(await screen.findByRole("button", { name: "Move contacts" })).toBeVisible();
  });
});
