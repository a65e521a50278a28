import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { problem, signedInApi, superUser, warehouseWorker } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import type { Contact } from "../types";

// The page is lazily loaded: the first render can take a while on a busy machine.
const SLOW = { timeout: 15_000 };
const ID = "7c1d5a2e-0000-4000-8000-000000000001";

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: ID,
    name: "Katherine Johnson",
    email: "katherine@example.com",
    phone: null,
    external_id: "cust-1004",
    tags: ["lead"],
    score: 72,
    owner: null,
    created_at: "2026-11-23T10:00:00Z",
    updated_at: "2026-11-23T10:00:00Z",
    timezone: "America/Chicago",
    locale: "en-US",
    birthday: null,
    attributes: { region: "west" },
    consent: [
      { channel: "email", status: "opted_in", allowed: true },
      { channel: "sms", status: null, allowed: false },
      { channel: "letter", status: null, allowed: true },
      { channel: "phone", status: "opted_out", allowed: false },
    ],
    ...overrides,
  };
}

function contactApi(current: { value: Contact }, sent: unknown[]) {
  return {
    [`GET /api/v1/contacts/${ID}`]: () => jsonResponse(current.value),
    [`GET /api/v1/contacts/${ID}/objects`]: () => jsonResponse([]),
    [`GET /api/v1/contacts/${ID}/notes`]: () => jsonResponse([]),
    [`GET /api/v1/contacts/${ID}/timeline`]: () => jsonResponse({ items: [], next_cursor: null }),
    "GET /api/v1/contacts/owners": () => jsonResponse([]),
    "GET /api/v1/enrollments": () => jsonResponse({ items: [], next_cursor: null }),
    [`PUT /api/v1/contacts/${ID}/consent`]: async (request: Request) => {
      const body = await request.json();
      sent.push(body);
      current.value = contact({
        consent: current.value.consent.map((c) =>
          c.channel === body.channel ? { ...c, status: body.status, allowed: false } : c,
        ),
      });
      return jsonResponse(current.value);
    },
    [`PATCH /api/v1/contacts/${ID}`]: () =>
      problem(400, "The request is not valid.", {
        errors: [{ field: "timezone", message: "“Mars/Base” is not an IANA time zone." }],
      }),
  };
}

function enrollment() {
  return {
    id: "e-1",
    journey_id: "j-1",
    journey_name: "Payment collection",
    version: 2,
    contact: { id: ID, name: "Katherine Johnson", email: "katherine@example.com" },
    status: "active",
    ended_reason: null,
    entered_at: "2026-11-20T10:00:00Z",
    ended_at: null,
    updated_at: "2026-11-23T10:00:00Z",
    at: [
      {
        token_id: "t1",
        step: {
          node_id: "wait-payment",
          label: "Wait for payment",
          node_kind: "flow.wait_for_event",
        },
        since: "2026-11-23T10:00:00Z",
        waiting_for: {
          kind: "event",
          event_name: "payment.received",
          timeout_at: "2026-11-26T10:00:00Z",
        },
      },
    ],
    path: [],
    path_total: 4,
  };
}

describe("contact page", { timeout: 30_000 }, () => {
  it("opts a contact out of email and shows that they may no longer be emailed", async () => {
    const current = { value: contact() };
    const sent: unknown[] = [];
    mockFetch({ ...signedInApi(superUser), ...contactApi(current, sent) });
    renderApp(`/contacts/${ID}`);

    const table = await screen.findByRole("table", { name: "Consent per channel" }, SLOW);
    fireEvent.click(within(table).getByRole("button", { name: "Opt out of Email" }));

    expect(
      await within(table).findByRole("button", { name: "Opt in to Email" }, SLOW),
    ).toBeVisible();
    expect(sent).toEqual([{ channel: "email", status: "opted_out" }]);
    const row = within(table).getByRole("row", { name: /Email/ });
    expect(row).toHaveTextContent("Opted out");
  });

  it("shows the server's field error beside the field and keeps what was typed", async () => {
    mockFetch({ ...signedInApi(superUser), ...contactApi({ value: contact() }, []) });
    renderApp(`/contacts/${ID}`);

    const zone = await screen.findByLabelText("Time zone", {}, SLOW);
    fireEvent.change(zone, { target: { value: "Mars/Base" } });
    fireEvent.click(screen.getByRole("button", { name: "Save details" }));

    expect(
      await screen.findByText("“Mars/Base” is not an IANA time zone.", {}, SLOW),
    ).toBeVisible();
    expect(zone).toHaveValue("Mars/Base");
  });

  it("shows each journey the contact is in: where, since when and what next", async () => {
    const asked: string[] = [];
    mockFetch({
      ...signedInApi(superUser),
      ...contactApi({ value: contact() }, []),
      "GET /api/v1/enrollments": (request: Request) => {
        asked.push(new URL(request.url).search);
        return jsonResponse({ items: [enrollment()], next_cursor: null });
      },
    });
    renderApp(`/contacts/${ID}`);

    const card = await screen.findByRole("region", { name: "Journeys" }, SLOW);
    expect(
      await within(card).findByRole("link", { name: "Payment collection" }, SLOW),
    ).toHaveAttribute("href", "/journeys/j-1/versions/2");
    expect(card).toHaveTextContent("At Wait for payment since");
    expect(card).toHaveTextContent("Waits for “payment.received” until");
    expect(asked[0]).toContain(`contact_id=${ID}`);
    expect(asked[0]).toContain("status=active&status=paused");
  });

  it("is read only for a role without contacts:write", async () => {
    mockFetch({ ...signedInApi(warehouseWorker), ...contactApi({ value: contact() }, []) });
    renderApp(`/contacts/${ID}`);

    expect(await screen.findByText("Read only", {}, SLOW)).toBeVisible();
    expect(screen.queryByRole("button", { name: "Opt out of Email" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save details" })).not.toBeInTheDocument();
  });
});
