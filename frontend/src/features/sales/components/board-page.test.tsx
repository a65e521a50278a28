import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { signedInApi } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { card, people, project, seller } from "../testing/sales-fixtures";

const hot = card({ id: "k-1", bucket_id: "b-hot", stage_id: "s-lead" });
const held = card({
  id: "k-2",
  contact: { id: "c-2", name: "Grace Hopper", email: "grace@example.com", phone: null },
  holder_id: "user-sofia",
  processed: true,
  processed_at: "2026-12-07T09:00:00Z",
  last_outcome: "Call back",
});

function api(requests: Request[] = []) {
  return mockFetch({
    ...signedInApi(seller),
    "GET /api/v1/sales/projects/p-north": () => jsonResponse(project),
    "GET /api/v1/sales/projects/p-north/cards": (request) => {
      requests.push(request);
      const mine = new URL(request.url).searchParams.get("holder") === "me";
      const items = mine ? [held] : [hot, held];
      return jsonResponse({ items, total: items.length });
    },
    "GET /api/v1/sales/cards/k-1": () =>
      jsonResponse({
        card: hot,
        contact: { ...hot.contact, tags: ["vip"], score: 40, attributes: {} },
        project: { id: project.id, name: project.name },
        history: [],
        moves: [],
      }),
    "GET /api/v1/sales/people": () => jsonResponse(people),
    "POST /api/v1/sales/cards/k-1/outcome": async (request) => {
      requests.push(request);
      return jsonResponse({ ...hot, processed: true, last_outcome: "Booking" });
    },
  });
}

describe("sales: the board", () => {
  it("shows the cards by bucket, by stage, and only mine", async () => {
    const requests: Request[] = [];
    api(requests);
    renderApp("/sales/projects/p-north");

    const bucket = await screen.findByRole("region", { name: "Hot leads" });
    expect(await within(bucket).findByText("Ada Lovelace")).toBeVisible();
    const mineColumn = screen.getByRole("region", { name: "Held by Sofia Rossi" });
    expect(within(mineColumn).getByText("Grace Hopper")).toBeVisible();
    expect(within(mineColumn).getByText("Call back")).toBeVisible();

    await userEvent.click(screen.getByRole("radio", { name: "By stage" }));
    const lead = screen.getByRole("region", { name: "Lead" });
    expect(within(lead).getByText("Ada Lovelace")).toBeVisible();
    expect(
      within(screen.getByRole("region", { name: "No stage" })).getByText("Grace Hopper"),
    ).toBeVisible();

    await userEvent.click(screen.getByRole("switch", { name: "My cards" }));
    await screen.findByText("1 card");
    expect(new URL(requests.at(-1)?.url ?? "").searchParams.get("holder")).toBe("me");
    expect(screen.queryByText("Ada Lovelace")).not.toBeInTheDocument();
  });

  it("sets a booking outcome with the resource and time booked", async () => {
    const requests: Request[] = [];
    api(requests);
    renderApp("/sales/projects/p-north");

    await userEvent.click(await screen.findByRole("button", { name: "Open Ada Lovelace" }));
    const panel = await screen.findByRole("dialog", { name: "Customer card" });
    expect(await within(panel).findByText("vip")).toBeVisible();
    await userEvent.click(within(panel).getByRole("button", { name: "Booking" }));
    await userEvent.click(within(panel).getByRole("textbox", { name: "Resource (a user)" }));
    await userEvent.click(await screen.findByRole("option", { name: /Bea Booker/ }));
    fireEvent.change(within(panel).getByLabelText("When"), {
      target: { value: "2026-12-10T14:30" },
    });
    await userEvent.click(within(panel).getByRole("button", { name: "Save Booking" }));

    await screen.findByText("Outcome set: Booking");
    const sent = requests.find((r) => r.method === "POST");
    const body = await sent?.json();
    expect(body.outcome_id).toBe("o-booking");
    expect(body.booking.user_id).toBe("user-bea");
    expect(new Date(body.booking.at).getTime()).toBe(new Date("2026-12-10T14:30").getTime());
  });
});
