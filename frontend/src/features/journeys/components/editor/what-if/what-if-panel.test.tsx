import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { CurrentUserProvider } from "@/lib/auth";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, signedInApi } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import type { WhatIfResult, WhatIfRun } from "@/types/generated/what-if-api";
import { whatIfKeys } from "./api";
import { useWhatIf } from "./what-if-panel";

const RESULT: WhatIfResult = {
  steps: [],
  messages: [],
  jobs: [],
  ends: [],
  contacts: 3,
  events: 5,
  enrolled: { bucket: "enrolled", label: "Enrolled", draft: 3, live: 2 },
  assumptions: [],
  seconds: 0.1,
};

const RUN: WhatIfRun = {
  id: "w1",
  journey_id: "j1",
  status: "completed",
  version: null,
  period_start: "2026-11-01T00:00:00Z",
  period_end: "2026-12-01T00:00:00Z",
  segment_id: null,
  segment_name: null,
  job_steps: {},
  limitations: [],
  contacts_done: 3,
  contacts_total: 3,
  events_done: 5,
  progress: 1,
  created_at: "2026-12-01T10:00:00Z",
  started_at: "2026-12-01T10:00:00Z",
  finished_at: "2026-12-01T10:00:01Z",
  error: null,
  result: RESULT,
};

/** What the editor page does with the hook: a toolbar button and the overlay's state. */
function Editor() {
  const whatIf = useWhatIf("j1");
  return (
    <>
      {whatIf.button}
      {whatIf.panel}
      <p>{whatIf.overlay ? "numbers on the canvas" : "no numbers"}</p>
    </>
  );
}

describe("the editor's what-if", () => {
  it("keeps an earlier what-if's numbers off the canvas until the marketer opens the what-if", async () => {
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/journeys/j1/what-ifs": () => jsonResponse([RUN]),
      "GET /api/v1/segments": () => jsonResponse([]),
    });
    const { queryClient } = renderWithProviders(
      <CurrentUserProvider me={marketer}>
        <Editor />
      </CurrentUserProvider>,
    );
    // The completed run is loaded, and still the cards keep their usual size.
    await waitFor(() => expect(queryClient.getQueryData(whatIfKeys.all("j1"))).toBeDefined());
    expect(screen.getByText("no numbers")).toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole("button", { name: "What-if…" }));
    expect(await screen.findByText("numbers on the canvas")).toBeInTheDocument();
  });
});
