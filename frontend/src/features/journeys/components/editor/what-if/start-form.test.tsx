import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CurrentUserProvider } from "@/lib/auth";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, signedInApi } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import type { WhatIfCreate } from "@/types/generated/what-if-api";
import { useEditorStore } from "../../../store/editor-store";
import { WhatIfStartForm } from "./start-form";

const PERSON = { id: "u1", name: "Priya Shah" };
const job = (id: string, label: string, job_type: string) => ({
  id,
  kind: "action.create_job",
  label,
  position: { x: 0, y: 0 },
  config: { job_type, queue: "customer_support" },
});
// The draft checks the product; version 2, published, had a step that called instead.
const DRAFT = { nodes: [job("validate-product", "Validate the product", "validate_product")] };
const VERSION_2 = { nodes: [job("call-customer", "Call the customer", "call_customer")] };

let sent: WhatIfCreate[] = [];

function api() {
  return {
    ...signedInApi(marketer),
    "GET /api/v1/segments": () => jsonResponse([]),
    "GET /api/v1/journeys/j1/versions": () =>
      jsonResponse([
        { version: 2, published_at: "2026-11-20T10:00:00Z", published_by: PERSON, note: null },
        { version: 1, published_at: "2026-11-01T10:00:00Z", published_by: PERSON, note: null },
      ]),
    "GET /api/v1/journeys/j1/versions/2": () =>
      jsonResponse({
        journey_id: "j1",
        version: 2,
        definition: { ...VERSION_2, edges: [] },
        published_at: "2026-11-20T10:00:00Z",
        published_by: PERSON,
        note: null,
      }),
    "POST /api/v1/journeys/j1/what-ifs": async (request: Request) => {
      sent.push((await request.json()) as WhatIfCreate);
      return jsonResponse({ id: "w1", status: "queued" }, { status: 202 });
    },
  };
}

function renderForm(onStarted = vi.fn()) {
  renderWithProviders(
    <CurrentUserProvider me={marketer}>
      <WhatIfStartForm journeyId="j1" onStarted={onStarted} />
    </CurrentUserProvider>,
  );
  return onStarted;
}

beforeEach(() => {
  sent = [];
  useEditorStore.getState().load({ ...DRAFT, edges: [] } as never);
  useEditorStore.getState().setCatalog({
    job_types: { validate_product: ["valid", "invalid"], call_customer: ["paid", "unreachable"] },
  });
});

describe("starting a what-if", () => {
  it("replays the draft by default, with the draft's job steps", async () => {
    mockFetch(api());
    const started = renderForm();
    expect(await screen.findByRole("textbox", { name: "Replay" })).toHaveValue(
      "The draft, as it is now",
    );
    expect(screen.getByText("Validate the product")).toBeVisible();
    fireEvent.click(screen.getByRole("button", { name: "Run the what-if" }));
    await waitFor(() => expect(started).toHaveBeenCalled());
    expect(sent[0]?.version).toBeNull();
    expect(sent[0]?.job_steps).toEqual({ "validate-product": { outcome: "valid" } });
  });

  it("replays a published version picked, with that version's job steps", async () => {
    mockFetch(api());
    const started = renderForm();
    fireEvent.click(await screen.findByRole("textbox", { name: "Replay" }));
    fireEvent.click(await screen.findByRole("option", { name: /Version 2 · published/ }));

    // Its own job steps, not the draft's: loaded with the version.
    expect(await screen.findByText("Call the customer")).toBeVisible();
    expect(screen.queryByText("Validate the product")).toBeNull();
    fireEvent.click(screen.getByRole("textbox", { name: "Outcome of “Call the customer”" }));
    fireEvent.click(await screen.findByRole("option", { name: "unreachable" }));

    fireEvent.click(screen.getByRole("button", { name: "Run the what-if" }));
    await waitFor(() => expect(started).toHaveBeenCalled());
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      version: 2,
      segment_id: null,
      job_steps: { "call-customer": { outcome: "unreachable" } },
    });
  });

  it("offers no choice of version for a journey never published", async () => {
    mockFetch({ ...api(), "GET /api/v1/journeys/j1/versions": () => jsonResponse([]) });
    renderForm();
    expect(await screen.findByText("Validate the product")).toBeVisible();
    await waitFor(() => expect(screen.queryByRole("textbox", { name: "Replay" })).toBeNull());
  });
});
