import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";
import type { EventDetail } from "@/types/generated/event-detail";

const placed: EventDetail = {
  id: 42,
  name: "order.placed",
  source: "api",
  occurred_at: "2026-02-01T12:00:00Z",
  received_at: "2026-02-01T12:00:01Z",
  processed_at: null,
  status: "pending",
  idempotency_key: "order-42",
  properties: { order_id: "ORD-42", value: 120 },
  contact: { id: "c-1", name: "Ada Lovelace", email: "ada@example.com", external_id: "cust-1" },
};

describe("events page", () => {
  it("lists events, filters by name, and opens one with its properties", async () => {
    const asked: URLSearchParams[] = [];
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/events": (request) => {
        asked.push(new URL(request.url).searchParams);
        return jsonResponse({ items: [placed], next_before: null });
      },
      "GET /api/v1/events/42": () => jsonResponse(placed),
    });
    renderApp("/events");

    // The page loads on demand: the suite's wait budget (src/testing/setup.ts) covers it.
    const link = await screen.findByRole("button", { name: "Event 42: order.placed" });
    const row = link.closest("tr") as HTMLElement;
    expect(within(row).getByText("Ada Lovelace")).toBeVisible();
    expect(within(row).getByText("Pending")).toBeVisible();
    // The marketer may read events but not send them.
    expect(screen.queryByRole("button", { name: "Send test event" })).not.toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: "order" } });
    await waitFor(() => expect(asked.at(-1)?.get("name")).toBe("order"));

    fireEvent.click(within(row).getByRole("button", { name: "Event 42: order.placed" }));
    const drawer = await screen.findByRole("dialog", { name: "Event 42" });
    await findVisible(() => within(drawer).getByText(/"order_id": "ORD-42"/));
    expect(within(drawer).getByText("order-42")).toBeVisible();
  });

  it("sends a test event, showing the server's field errors inline, then the result", async () => {
    const sent: unknown[] = [];
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/events": () => jsonResponse({ items: [], next_before: null }),
      "GET /api/v1/events/names": () => jsonResponse({ names: ["order.placed"] }),
      "POST /api/v1/events": async (request) => {
        const body = (await request.json()) as { properties: Record<string, unknown> };
        sent.push(body);
        if ("bad" in body.properties) {
          return jsonResponse(
            {
              title: "Bad Request",
              status: 400,
              detail: "The event is not valid. properties.bad: nope",
              errors: [{ field: "properties.bad", message: "nope" }],
            },
            { status: 400, contentType: "application/problem+json" },
          );
        }
        return jsonResponse({ id: 7, duplicate: false }, { status: 202 });
      },
    });
    renderApp("/events");

    fireEvent.click(await screen.findByRole("button", { name: "Send test event" }));
    const dialog = await screen.findByRole("dialog", { name: "Send a test event" });
    fireEvent.change(within(dialog).getByLabelText(/^Event name/), {
      target: { value: "Order Placed" },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Properties/), { target: { value: "{" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Send event" }));
    await findVisible(() => within(dialog).getByText(/Lower-case words joined by dots/));
    expect(within(dialog).getByText("Say who the event is about.")).toBeVisible();
    expect(within(dialog).getByText(/^Not valid JSON/)).toBeVisible();
    expect(sent).toEqual([]);

    fireEvent.change(within(dialog).getByLabelText(/^Event name/), {
      target: { value: "order.placed" },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Contact$|^Contact \*/), {
      target: { value: "ada@example.com" },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Properties/), {
      target: { value: '{"bad": 1}' },
    });
    fireEvent.click(within(dialog).getByRole("button", { name: "Send event" }));
    await findVisible(() => within(dialog).getByText("nope"));

    fireEvent.change(within(dialog).getByLabelText(/^Properties/), {
      target: { value: '{"order_id": "ORD-9"}' },
    });
    fireEvent.click(within(dialog).getByRole("button", { name: "Send event" }));
    expect(
      await within(dialog).findByText("Stored as event 7; the worker has been told."),
    ).toBeVisible();
    expect(sent.at(-1)).toEqual({
      name: "order.placed",
      contact: { email: "ada@example.com" },
      properties: { order_id: "ORD-9" },
    });
  });
});
