import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, signedInApi, warehouseWorker } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";
import type { ScoreRule } from "../types";

const pricing: ScoreRule = {
  id: "r-1",
  name: "Viewed pricing",
  event_name: "page.viewed",
  condition: {
    type: "group",
    rules: [{ type: "event_property", property: "url", operator: "contains", value: "/pricing" }],
  },
  points: 5,
  active: true,
  created_at: "2026-03-01T09:00:00Z",
  updated_at: "2026-03-01T09:00:00Z",
};

describe("automation: scoring", () => {
  it("lists rules with their event, condition in words and signed points", async () => {
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/scoring/rules": () =>
        jsonResponse([
          pricing,
          {
            ...pricing,
            id: "r-2",
            name: "Unsubscribed",
            event_name: "newsletter.unsubscribed",
            condition: null,
            points: -20,
            active: false,
          },
        ]),
    });
    renderApp("/automation/scoring");

    const row = (await screen.findByText("Viewed pricing")).closest("tr") as HTMLElement;
    expect(within(row).getByText("page.viewed")).toBeVisible();
    expect(within(row).getByText("the event's url contains “/pricing”")).toBeVisible();
    expect(within(row).getByText("+5")).toBeVisible();
    const other = screen.getByText("Unsubscribed").closest("tr") as HTMLElement;
    expect(within(other).getByText("-20")).toBeVisible();
    expect(within(other).getByText("Always")).toBeVisible();
    expect(within(other).getByText("Off")).toBeVisible();
  });

  it("adds a rule with a condition and shows the server's field error", async () => {
    const sent: unknown[] = [];
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/scoring/rules": () => jsonResponse([]),
      "POST /api/v1/scoring/rules": async (request) => {
        const body = await request.json();
        sent.push(body);
        if (sent.length === 1) {
          return jsonResponse(
            {
              title: "Bad Request",
              status: 400,
              detail: "The scoring rule cannot be saved",
              errors: [{ field: "event_name", message: "A rule cannot score this event." }],
            },
            { status: 400, contentType: "application/problem+json" },
          );
        }
        return jsonResponse({ ...pricing, ...body, id: "r-9" }, { status: 201 });
      },
    });
    renderApp("/automation/scoring");

    fireEvent.click(await screen.findByRole("button", { name: "Add rule" }));
    const dialog = await screen.findByRole("dialog", { name: "Add scoring rule" });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: "Clicked" } });
    fireEvent.change(within(dialog).getByLabelText(/When this event arrives/), {
      target: { value: "email.clicked" },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Points/), { target: { value: "10" } });
    fireEvent.change(within(dialog).getByLabelText("Event property"), {
      target: { value: "amount" },
    });
    fireEvent.change(within(dialog).getByLabelText("Value"), { target: { value: "100" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add rule" }));

    await findVisible(() => within(dialog).getByText("A rule cannot score this event."));
    fireEvent.click(within(dialog).getByRole("button", { name: "Add rule" }));
    await findVisible(() => screen.getByText("Scoring rule Clicked added."));
    expect(sent[1]).toEqual({
      name: "Clicked",
      event_name: "email.clicked",
      points: 10,
      active: true,
      condition: {
        type: "group",
        rules: [{ type: "event_property", property: "amount", operator: "equals", value: 100 }],
      },
    });
  });

  it("refuses a zero score before asking the server", async () => {
    const fetch = mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/scoring/rules": () => jsonResponse([]),
    });
    renderApp("/automation/scoring");
    fireEvent.click(await screen.findByRole("button", { name: "Add rule" }));
    const dialog = await screen.findByRole("dialog", { name: "Add scoring rule" });
    fireEvent.change(within(dialog).getByLabelText(/^Points/), { target: { value: "0" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add rule" }));
    await findVisible(() => within(dialog).getByText(/not 0/));
    expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);
  });

  it("is not offered to staff without journey rights", async () => {
    mockFetch(signedInApi(warehouseWorker));
    renderApp("/dashboards/warehouse");
    await screen.findByRole("navigation", { name: "Main navigation" });
    expect(screen.queryByRole("link", { name: "Scoring" })).toBeNull();
  });
});
