import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";

const fromEnvironment = {
  networks: ["10.20.0.0/16"],
  source: "environment",
  environment: ["10.20.0.0/16"],
  updated_at: null,
  updated_by: null,
};

describe("admin: webhook networks", () => {
  it("shows the list in force, saves a new one and names each bad line", async () => {
    const sent: unknown[] = [];
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/webhook-networks": () => jsonResponse(fromEnvironment),
      "PUT /api/v1/admin/webhook-networks": async (request) => {
        const body = (await request.json()) as { networks: string[] };
        sent.push(body);
        if (body.networks.includes("intranet")) {
          return jsonResponse(
            {
              status: 400,
              detail: "The allow-list was not saved.",
              errors: [{ field: "networks[1]", message: "“intranet” is not a network." }],
            },
            { status: 400, contentType: "application/problem+json" },
          );
        }
        return jsonResponse({
          ...fromEnvironment,
          networks: ["10.20.0.0/16", "127.0.0.1/32"],
          source: "saved",
          updated_at: "2026-03-01T10:00:00Z",
          updated_by: { id: superUser.id, email: superUser.email },
        });
      },
    });
    renderApp("/admin/webhook-networks");

    const field = await screen.findByRole("textbox", { name: /Allowed networks/ });
    await waitFor(() => expect(field).toHaveValue("10.20.0.0/16"));
    expect(screen.getByText(/From the environment/)).toBeInTheDocument();

    fireEvent.change(field, { target: { value: "10.20.0.0/16\nintranet\n" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Line 2: “intranet” is not a network.")).toBeInTheDocument();

    fireEvent.change(field, { target: { value: "10.20.0.0/16\n\n127.0.0.1" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/Saved: the next webhook call/)).toBeInTheDocument();
    await waitFor(() => expect(field).toHaveValue("10.20.0.0/16\n127.0.0.1/32"));
    expect(screen.getByText(/by super-user@waymark.local/)).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({ networks: ["10.20.0.0/16", "127.0.0.1"] });
  });
});
