import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import {
  customer,
  marketer,
  problem,
  signedInApi,
  superUser,
  warehouseWorker,
} from "@/testing/fixtures";
import { renderApp } from "@/testing/render";

describe("routes", () => {
  it("sends a signed-out visitor to the sign-in page, remembering where they were going", async () => {
    mockFetch(signedInApi(null));
    const { router } = renderApp("/contacts?q=ada");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in to Waymark" }),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe("/login");
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent("/contacts?q=ada")}`);
  });

  it("lands / on the active role's dashboard", async () => {
    mockFetch(signedInApi(marketer));
    const { router } = renderApp("/");

    expect(await screen.findByRole("heading", { level: 1, name: "Journeys" })).toBeVisible();
    expect(router.state.location.pathname).toBe("/journeys");
  });

  it("shows the 403 page, never the page, for an address the role may not open", async () => {
    const fetchMock = mockFetch(signedInApi(marketer));
    const { router } = renderApp("/admin/users");

    expect(
      await screen.findByRole("heading", { level: 1, name: "You don't have access to this page" }),
    ).toBeVisible();
    expect(screen.getByText(/Your current role \(Marketer\)/)).toBeVisible();
    expect(screen.queryByRole("heading", { name: "Users" })).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Admin sections" })).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/admin/users");
    // Nor did it ask the API for the page's data.
    const asked = fetchMock.mock.calls.map(([input]) => String(input));
    expect(asked.some((url) => url.includes("/api/v1/admin/"))).toBe(false);

    expect(screen.getByRole("link", { name: "Go to your home page" })).toHaveAttribute("href", "/");
  });

  it("shows the 403 page for a dashboard area the role lacks", async () => {
    mockFetch(signedInApi(marketer));
    renderApp("/dashboards");

    expect(
      await screen.findByRole("heading", { level: 1, name: "You don't have access to this page" }),
    ).toBeVisible();
  });

  it("sends /dashboards to the active role's dashboard, naming its queue", async () => {
    mockFetch(signedInApi(warehouseWorker));
    const { router } = renderApp("/dashboards");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Warehouse dashboard" }),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe("/dashboards/warehouse");
    expect(screen.getByRole("table", { name: "Warehouse jobs" })).toBeInTheDocument();
  });

  it("refuses another role's dashboard to someone who does not supervise", async () => {
    mockFetch(signedInApi(warehouseWorker));
    renderApp("/dashboards/finance");

    expect(
      await screen.findByRole("heading", { level: 1, name: "You don't have access to this page" }),
    ).toBeVisible();
  });

  it("opens /admin on the first admin section the role may use", async () => {
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/users": () => jsonResponse({ items: [], total: 0 }),
      "GET /api/v1/admin/roles": () => jsonResponse([]),
    });
    const { router } = renderApp("/admin");

    expect(await screen.findByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    expect(router.state.location.pathname).toBe("/admin/users");
    const sections = screen.getByRole("navigation", { name: "Admin sections" });
    expect(
      within(sections)
        .getAllByRole("link")
        .map((link) => link.textContent),
    ).toEqual(["Users", "Roles", "API keys", "Webhook networks", "Audit log"]);
  });

  it("shows the 404 page for an unknown address, inside the staff shell", async () => {
    mockFetch(signedInApi(superUser));
    renderApp("/no/such/page");

    expect(await screen.findByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    expect(screen.getByRole("link", { name: "Go to your home page" })).toHaveAttribute("href", "/");
    expect(screen.getByRole("navigation", { name: "Main navigation" })).toBeInTheDocument();
  });

  it("sends a staff member who opens the portal to the portal's sign-in", async () => {
    mockFetch(signedInApi(superUser));
    const { router } = renderApp("/portal");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in to your customer portal" }),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe("/portal/login");
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
  });

  it("renders the portal for a customer in its own layout, with their name", async () => {
    mockFetch({
      ...signedInApi(customer),
      "GET /api/v1/portal/home": () =>
        jsonResponse({
          name: "Ada Lovelace",
          highlights: [
            {
              id: 1,
              title: "Getting started",
              body: "Five short articles.",
              link: "/portal/messages",
              pinned: true,
              created_at: "2026-01-01T00:00:00Z",
              read_at: null,
            },
          ],
          unread_messages: 2,
          open_records: 1,
        }),
      "POST /api/v1/portal/activity/page-view": () => new Response(null, { status: 202 }),
    });
    renderApp("/portal");

    expect(await screen.findByRole("heading", { level: 1, name: "Customer portal" })).toBeVisible();
    expect(await screen.findByText("Signed in as Ada Lovelace")).toBeVisible();
    expect(screen.getByText("Getting started")).toBeVisible();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(screen.getByRole("navigation", { name: "Portal sections" })).toBeVisible();
    expect(screen.queryByRole("navigation", { name: "Main navigation" })).not.toBeInTheDocument();
  });

  it("sends a customer who opens the staff area to the staff sign-in", async () => {
    mockFetch(signedInApi(customer));
    const { router } = renderApp("/journeys");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in to Waymark" }),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe("/login");
  });

  it("sends the user to sign in, with next, when any call answers 401", async () => {
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/users": () => problem(401, "Your session has ended; sign in again."),
      "GET /api/v1/admin/roles": () => jsonResponse([]),
    });
    const { router } = renderApp("/admin/users");

    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent("/admin/users")}`);
    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in to Waymark" }),
    ).toBeVisible();
  });

  it("says so when the session cannot be checked at all", async () => {
    mockFetch({ "GET /api/v1/auth/me": () => problem(503, "The database is not answering.") });
    renderApp("/journeys");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Waymark is not answering" }),
    ).toBeVisible();
    expect(screen.getByText("The database is not answering.")).toBeVisible();
  });
});
