import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { renderWithProviders } from "@/testing/render";
import type { VersionCounts } from "@/types/generated/enrollments-api";
import type { PlanProposal } from "@/types/generated/migrations-api";
import { VersionsMenu } from "./versions-menu";

const J = "j-1";
const BASE = `/api/v1/journeys/${J}`;
const by = { id: "u-1", name: "Mara Marketer" };

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

function api(waiting: VersionCounts[]) {
  const planned: unknown[] = [];
  mockFetch({
    [`GET ${BASE}/versions`]: () =>
      jsonResponse([
        { version: 2, published_at: "2026-12-07T10:00:00Z", published_by: by, note: null },
        { version: 1, published_at: "2026-12-01T10:00:00Z", published_by: by, note: null },
      ]),
    "GET /api/v1/enrollments/waiting": () => jsonResponse(waiting),
    [`GET ${BASE}/migration-plan`]: () => jsonResponse(proposal),
    [`GET ${BASE}/migrations`]: () => jsonResponse([]),
    [`POST ${BASE}/migrations/dry-run`]: async (request) => {
      planned.push(await request.json());
      return jsonResponse({
        to_version: 2,
        mappings: [],
        move: 20,
        stay: 0,
        leave: 0,
        unmapped: 0,
      });
    },
  });
  return planned;
}

function renderMenu(canMove = true) {
  const router = createMemoryRouter([
    {
      path: "*",
      element: <VersionsMenu journeyId={J} published={2} canMove={canMove} />,
    },
  ]);
  return renderWithProviders(<RouterProvider router={router} />);
}

const waitingOnV1: VersionCounts[] = [
  { version: 1, total: 20, steps: [{ node_id: "w-old", label: "Wait 3 days", waiting: 20 }] },
  { version: 2, total: 4, steps: [{ node_id: "w-new", label: "Wait 1 day", waiting: 4 }] },
];

describe("moving contacts left on older versions, from the versions menu", () => {
  it("opens the publish dialog's migration plan for the live version", async () => {
    const planned = api(waitingOnV1);
    renderMenu();

    fireEvent.click(screen.getByRole("button", { name: "Versions" }));
    expect(await screen.findByRole("menuitem", { name: /Version 2 \(live\)/ })).toBeVisible();
    // Only the 20 on version 1 are left behind; the 4 on version 2 are where they belong.
    fireEvent.click(
      await screen.findByRole("menuitem", {
        name: "Move 20 contacts on older versions to version 2…",
      }),
    );

    const dialog = await screen.findByRole("dialog", { name: "Move contacts to version 2" });
    const row = await within(dialog).findByTestId("plan-row-w-old");
    fireEvent.change(within(row).getByRole("combobox", { name: /Where contacts at/ }), {
      target: { value: "move:w-new" },
    });
    fireEvent.click(within(dialog).getByRole("button", { name: "Dry run" }));
    expect(await within(dialog).findByTestId("dry-run-counts")).toHaveTextContent(
      "20 would move to version 2",
    );
    expect(planned).toEqual([
      {
        to_version: 2,
        mappings: [
          { version: 1, node_id: "w-old", action: "move", target: "w-new", timers: "keep" },
        ],
      },
    ]);
    fireEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("offers no move when everyone runs on the live version, or to people who cannot publish", async () => {
    api([{ version: 2, total: 4, steps: [] }]);
    const { unmount, queryClient } = renderMenu();
    fireEvent.click(screen.getByRole("button", { name: "Versions" }));
    expect(await screen.findByRole("menuitem", { name: /Version 1/ })).toBeVisible();
    // The counts came, and say nobody is left behind.
    await waitFor(() =>
      expect(queryClient.getQueryState(["enrollments", "waiting", J])?.status).toBe("success"),
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.queryByRole("menuitem", { name: /^Move/ })).toBeNull();
    unmount();

    api(waitingOnV1);
    renderMenu(false);
    fireEvent.click(screen.getByRole("button", { name: "Versions" }));
    expect(await screen.findByRole("menuitem", { name: /Version 1/ })).toBeVisible();
    expect(screen.queryByRole("menuitem", { name: /^Move/ })).toBeNull();
  });
});
