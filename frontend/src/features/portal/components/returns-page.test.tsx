import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { customer, signedInApi } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";

const order = {
  id: "o-1",
  kind: "order",
  reference: "ORD-2000",
  status: "delivered",
  status_label: "Delivered",
  data: { items: [{ name: "Desk lamp" }], total: 120, currency: "GBP" },
  due_at: null,
  starts_at: null,
  created_at: "2026-11-01T10:00:00Z",
  updated_at: "2026-11-01T10:00:00Z",
};

function portalApi(onReturn: (body: unknown) => Response) {
  return {
    ...signedInApi(customer),
    "GET /api/v1/portal/orders": () => jsonResponse([order]),
    "GET /api/v1/portal/returns": () => jsonResponse([]),
    "POST /api/v1/portal/activity/page-view": () => new Response(null, { status: 202 }),
    "POST /api/v1/portal/returns": async (request: Request) => onReturn(await request.json()),
  };
}

describe("returns page", () => {
  it("starts a return for the order picked from Orders and opens its progress", async () => {
    const sent: unknown[] = [];
    mockFetch({
      ...portalApi((body) => {
        sent.push(body);
        return jsonResponse(
          {
            record: { ...order, id: "r-1", kind: "return", reference: "R-1", status: "requested" },
            progress: [],
          },
          { status: 201 },
        );
      }),
      "GET /api/v1/portal/records/r-1": () =>
        jsonResponse({
          record: {
            ...order,
            id: "r-1",
            kind: "return",
            reference: "R-1",
            status: "requested",
            status_label: "Return requested: we will check it shortly",
            data: { order_ref: "ORD-2000", reason: "It flickers" },
          },
          progress: [
            { at: "2026-11-02T10:00:00Z", status: "requested", label: "Return requested" },
          ],
        }),
    });
    const { router } = renderApp("/portal/returns?order=o-1");

    const reason = await screen.findByLabelText(/What is wrong with it/);
    await screen.findByDisplayValue(/ORD-2000/);
    fireEvent.change(reason, { target: { value: "It flickers" } });
    fireEvent.click(screen.getByRole("button", { name: "Request the return" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/portal/records/r-1"));
    expect(sent).toEqual([{ order_id: "o-1", reason: "It flickers" }]);
    expect(await screen.findByRole("heading", { level: 1, name: "Return R-1" })).toBeVisible();
  });

  it("shows the server's field error on the order", async () => {
    mockFetch(
      portalApi(() =>
        jsonResponse(
          {
            title: "Bad Request",
            status: 400,
            detail: "order_id: Choose one of your own orders.",
            errors: [{ field: "order_id", message: "Choose one of your own orders." }],
          },
          { status: 400, contentType: "application/problem+json" },
        ),
      ),
    );
    renderApp("/portal/returns?order=o-1");

    const reason = await screen.findByLabelText(/What is wrong with it/);
    await screen.findByDisplayValue(/ORD-2000/);
    fireEvent.change(reason, { target: { value: "Broken" } });
    fireEvent.click(screen.getByRole("button", { name: "Request the return" }));

    expect((await screen.findAllByText("Choose one of your own orders.")).length).toBeGreaterThan(
      0,
    );
  });
});
