import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { problem, roles, signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";
import type { User } from "../types";

function user(overrides: Partial<User>): User {
  return {
    id: "u-1",
    contact_id: "c-1",
    email: "priya@waymark.local",
    name: "Priya Shah",
    kind: "staff",
    is_active: true,
    primary_role: "marketer",
    secondary_roles: [],
    created_at: "2026-01-01T00:00:00Z",
    last_login_at: null,
    ...overrides,
  };
}

const priya = user({});
const wes = user({
  id: "u-2",
  email: "wes@waymark.local",
  name: "Wes Carter",
  primary_role: "warehouse",
  secondary_roles: ["marketer"],
  last_login_at: "2026-03-01T09:30:00Z",
});

function adminApi(extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  return {
    ...signedInApi(superUser),
    "GET /api/v1/admin/roles": () =>
      jsonResponse([roles.customer, roles.marketer, roles.superUser, roles.warehouse]),
    "GET /api/v1/admin/users": () => jsonResponse({ items: [priya, wes], total: 2 }),
    ...extra,
  };
}

describe("admin: users", () => {
  it("lists users with their role labels and status", async () => {
    mockFetch(adminApi());
    renderApp("/admin/users");

    const table = await screen.findByRole("table", { name: "Users" });
    await within(table).findByText("Wes Carter");
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(rows[2]).toHaveTextContent("Wes Carter");
    expect(await within(rows[2] as HTMLElement).findByText("Warehouse")).toBeVisible();
    expect(within(rows[2] as HTMLElement).getByText("Marketer")).toBeVisible();
    expect(within(rows[1] as HTMLElement).getByText("Never")).toBeVisible();
    expect(screen.getByText("1–2 of 2 users")).toBeVisible();
  });

  it("sends the search, role and status filters, back on page 1", async () => {
    const asked: URLSearchParams[] = [];
    mockFetch(
      adminApi({
        "GET /api/v1/admin/users": (request) => {
          asked.push(new URL(request.url).searchParams);
          return jsonResponse({ items: [priya], total: 60 });
        },
      }),
    );
    renderApp("/admin/users");

    await screen.findByText("1–25 of 60 users");
    fireEvent.click(screen.getByRole("button", { name: "Page 2" }));
    await waitFor(() => expect(asked.at(-1)?.get("page")).toBe("2"));

    fireEvent.change(screen.getByRole("searchbox", { name: "Search" }), {
      target: { value: "pri" },
    });
    await waitFor(() => expect(asked.at(-1)?.get("q")).toBe("pri"));
    expect(asked.at(-1)?.get("page")).toBe("1");
    expect(asked.at(-1)?.get("page_size")).toBe("25");
    expect(asked.at(-1)?.has("active")).toBe(false);
  });

  it("invites a user and shows the one-time link with a copy button", async () => {
    let sent: unknown;
    mockFetch(
      adminApi({
        "POST /api/v1/admin/users/invite": async (request) => {
          sent = await request.json();
          expect(request.headers.get("X-CSRF-Token")).toBe(superUser.csrf_token);
          return jsonResponse({
            user: user({ id: "u-3", email: "new@waymark.local", name: "New Person" }),
            invite_url: "http://127.0.0.1:8000/invite/tok-xyz",
            expires_at: "2026-12-01T10:00:00Z",
          });
        },
      }),
    );
    renderApp("/admin/users");

    fireEvent.click(await screen.findByRole("button", { name: "Invite user" }));
    const dialog = await screen.findByRole("dialog", { name: "Invite user" });
    fireEvent.change(within(dialog).getByLabelText(/^Email/), {
      target: { value: "new@waymark.local" },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: "New Person" } });
    fireEvent.click(within(dialog).getByRole("textbox", { name: /^Primary role/ }));
    fireEvent.click(await screen.findByRole("option", { name: "Warehouse" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Create invite" }));

    const created = await screen.findByRole("dialog", { name: "Invite created" });
    expect(within(created).getByLabelText("Invite link")).toHaveValue(
      "http://127.0.0.1:8000/invite/tok-xyz",
    );
    expect(within(created).getByRole("button", { name: "Copy invite link" })).toBeVisible();
    expect(sent).toEqual({
      email: "new@waymark.local",
      name: "New Person",
      primary_role: "warehouse",
      secondary_roles: [],
    });
    await findVisible(() => screen.getByText("Invite for new@waymark.local created."));
  });

  it("shows the field errors the server gives for an invite", async () => {
    mockFetch(
      adminApi({
        "POST /api/v1/admin/users/invite": () =>
          problem(409, "A user with this email already exists.", {
            errors: [{ field: "email", message: "A user with this email already exists." }],
          }),
      }),
    );
    renderApp("/admin/users");

    fireEvent.click(await screen.findByRole("button", { name: "Invite user" }));
    const dialog = await screen.findByRole("dialog", { name: "Invite user" });
    fireEvent.change(within(dialog).getByLabelText(/^Email/), {
      target: { value: "priya@waymark.local" },
    });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: "Priya" } });
    fireEvent.click(within(dialog).getByRole("textbox", { name: /^Primary role/ }));
    fireEvent.click(await screen.findByRole("option", { name: "Marketer" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Create invite" }));

    await waitFor(() =>
      expect(within(dialog).getByLabelText(/^Email/)).toHaveAttribute("aria-invalid", "true"),
    );
    expect(within(dialog).getAllByText("A user with this email already exists.").length).toBe(2);
  });

  it("deactivates a user after confirming, and refreshes the list", async () => {
    let listed = 0;
    let deactivated = false;
    mockFetch(
      adminApi({
        "GET /api/v1/admin/users": () => {
          listed += 1;
          return jsonResponse({
            items: [user({ is_active: !deactivated }), wes],
            total: 2,
          });
        },
        "POST /api/v1/admin/users/u-1/deactivate": () => {
          deactivated = true;
          return jsonResponse(user({ is_active: false }));
        },
      }),
    );
    renderApp("/admin/users");

    fireEvent.click(await screen.findByRole("button", { name: "Actions for Priya Shah" }));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Deactivate…" }));
    const confirm = await screen.findByRole("dialog", { name: "Deactivate this user?" });
    expect(confirm).toHaveTextContent("signed out everywhere");
    fireEvent.click(within(confirm).getByRole("button", { name: "Deactivate" }));

    await findVisible(() => screen.getByText("Priya Shah was deactivated."));
    await waitFor(() => expect(listed).toBeGreaterThan(1));
    const row = (await screen.findByText("Priya Shah")).closest("tr") as HTMLElement;
    expect(await within(row).findByText("Deactivated")).toBeVisible();
  });

  it("changes a user's roles", async () => {
    let sent: unknown;
    mockFetch(
      adminApi({
        "PUT /api/v1/admin/users/u-2/roles": async (request) => {
          sent = await request.json();
          return jsonResponse(wes);
        },
      }),
    );
    renderApp("/admin/users");

    fireEvent.click(await screen.findByRole("button", { name: "Actions for Wes Carter" }));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Change roles…" }));
    const dialog = await screen.findByRole("dialog", { name: "Change roles" });
    fireEvent.click(within(dialog).getByRole("textbox", { name: /^Primary role/ }));
    fireEvent.click(await screen.findByRole("option", { name: "Marketer" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Save roles" }));

    await findVisible(() => screen.getByText("Roles of Wes Carter changed."));
    // The new primary role is no longer also a secondary one.
    expect(sent).toEqual({ primary_role: "marketer", secondary_roles: [] });
  });

  it("forces a user's sign-out and says when it fails", async () => {
    mockFetch(
      adminApi({
        "POST /api/v1/admin/users/u-1/logout": () => problem(503, "Redis is not answering."),
      }),
    );
    renderApp("/admin/users");

    fireEvent.click(await screen.findByRole("button", { name: "Actions for Priya Shah" }));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Force sign-out…" }));
    const confirm = await screen.findByRole("dialog", { name: "Sign this user out everywhere?" });
    fireEvent.click(within(confirm).getByRole("button", { name: "Sign out everywhere" }));

    await findVisible(() => screen.getByText("Redis is not answering."));
  });
});
