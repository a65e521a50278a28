import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { roles, signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";

const permissionList = [
  { name: "journeys:read", description: "See journeys and their analytics" },
  { name: "contacts:read", description: "See contacts and their history" },
  { name: "jobs:work", description: "Claim and complete jobs in the role's queue" },
  { name: "reports:read", description: "Read reports" },
];

function rolesApi(extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  return {
    ...signedInApi(superUser),
    "GET /api/v1/admin/roles": () => jsonResponse([roles.marketer, roles.warehouse]),
    "GET /api/v1/admin/permissions": () => jsonResponse(permissionList),
    ...extra,
  };
}

describe("admin: roles", () => {
  it("lists roles with their permissions as chips, queue and dashboard", async () => {
    mockFetch(rolesApi());
    renderApp("/admin/roles");

    const row = (await screen.findByText("Warehouse")).closest("tr") as HTMLElement;
    expect(within(row).getByText("jobs:work")).toBeVisible();
    expect(within(row).getByText("contacts:read")).toBeVisible();
    expect(within(row).getByText("/dashboards/warehouse")).toBeVisible();
    expect(within(row).getByText("warehouse", { selector: "code" })).toBeVisible();
  });

  it("edits a role's permissions from the checklist", async () => {
    let sent: unknown;
    mockFetch(
      rolesApi({
        "PUT /api/v1/admin/roles/warehouse": async (request) => {
          sent = await request.json();
          return jsonResponse({ ...roles.warehouse, permissions: ["jobs:work", "reports:read"] });
        },
      }),
    );
    renderApp("/admin/roles");

    fireEvent.click(await screen.findByRole("button", { name: "Edit Warehouse" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit role: Warehouse" });
    const contacts = await within(dialog).findByRole("checkbox", { name: /contacts:read/ });
    expect(contacts).toBeChecked();
    expect(within(dialog).getByText("Read reports")).toBeVisible();
    fireEvent.click(contacts);
    fireEvent.click(within(dialog).getByRole("checkbox", { name: /reports:read/ }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Save role" }));

    await findVisible(() => screen.getByText("Role Warehouse saved."));
    expect(sent).toEqual({
      label: "Warehouse",
      permissions: ["jobs:work", "reports:read"],
      queue: "warehouse",
      dashboard: "/dashboards/warehouse",
    });
  });

  it("creates a role, checking its name first", async () => {
    let sent: unknown;
    mockFetch(
      rolesApi({
        "POST /api/v1/admin/roles": async (request) => {
          sent = await request.json();
          return jsonResponse({ ...(sent as object) });
        },
      }),
    );
    renderApp("/admin/roles");

    fireEvent.click(await screen.findByRole("button", { name: "Create role" }));
    const dialog = await screen.findByRole("dialog", { name: "Create role" });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: "Returns Desk" } });
    fireEvent.change(within(dialog).getByLabelText(/^Label/), {
      target: { value: "Returns desk" },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Dashboard/), {
      target: { value: "/dashboards/returns_desk" },
    });
    fireEvent.click(within(dialog).getByRole("button", { name: "Create role" }));
    expect(
      await within(dialog).findByText(/Lower-case letters, digits and underscores, starting/),
    ).toBeVisible();
    expect(sent).toBeUndefined();

    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: "returns_desk" } });
    fireEvent.change(within(dialog).getByLabelText(/^Queue/), { target: { value: "returns" } });
    fireEvent.click(await within(dialog).findByRole("checkbox", { name: /jobs:work/ }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Create role" }));

    await findVisible(() => screen.getByText("Role Returns desk created."));
    expect(sent).toEqual({
      name: "returns_desk",
      label: "Returns desk",
      permissions: ["jobs:work"],
      queue: "returns",
      dashboard: "/dashboards/returns_desk",
    });
  });
});
