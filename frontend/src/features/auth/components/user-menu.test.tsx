import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Me } from "@/lib/auth";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import {
  actingAs,
  problem,
  roles,
  signedInApi,
  superUser,
  warehouseWorker,
} from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";

async function openMenu() {
  const button = await screen.findByRole("button", { name: /Morgan Reyes/ });
  fireEvent.click(button);
  return screen.findByRole("menu");
}

describe("user menu", () => {
  it("shows who is signed in and lists their roles, the active one checked", async () => {
    mockFetch(signedInApi(superUser));
    renderApp("/journeys");

    await openMenu();

    await findVisible(() => screen.getByText("super-user@waymark.local"));
    await findVisible(() => screen.getByText("Act as"));
    const current = screen.getByRole("menuitem", { name: "Super-user (primary) (current role)" });
    expect(current).toHaveAttribute("aria-current", "true");
    expect(screen.getByRole("menuitem", { name: "Marketer" })).not.toHaveAttribute("aria-current");
  });

  it("switches role through the API (with the CSRF token) and lands on its dashboard", async () => {
    const asMarketer = actingAs(superUser, "marketer");
    let current = superUser;
    const fetchMock = mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/auth/me": () => jsonResponse(current),
      "POST /api/v1/auth/role": async (request) => {
        expect(await request.json()).toEqual({ role: "marketer" });
        current = asMarketer;
        return jsonResponse(asMarketer);
      },
    });
    const { router } = renderApp("/contacts");

    await openMenu();
    fireEvent.click(screen.getByRole("menuitem", { name: "Marketer" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/journeys"));
    const call = fetchMock.mock.calls.find(([input]) => String(input) === "/api/v1/auth/role");
    expect(new Headers(call?.[1]?.headers).get("X-CSRF-Token")).toBe(superUser.csrf_token);
    await findVisible(() => screen.getByText("You are now acting as Marketer."));
    // Marketers have no Admin.
    expect(screen.queryByRole("link", { name: "Admin" })).not.toBeInTheDocument();
    // Later mutations carry the new session's token.
    await openMenu();
    fireEvent.click(screen.getByRole("menuitem", { name: "Sign out" }));
    await waitFor(() => {
      const logout = fetchMock.mock.calls.find(
        ([input]) => String(input) === "/api/v1/auth/logout",
      );
      expect(new Headers(logout?.[1]?.headers).get("X-CSRF-Token")).toBe(asMarketer.csrf_token);
    });
  });

  it("moves between roles that share no pages without ever showing a 403", async () => {
    // Warehouse work and marketing: neither role may open the other's landing page.
    const wes: Me = {
      ...warehouseWorker,
      roles: [roles.warehouse, roles.marketer],
    };
    const asMarketer = actingAs(wes, "marketer");
    let current: Me = wes;
    mockFetch({
      ...signedInApi(wes),
      "GET /api/v1/auth/me": () => jsonResponse(current),
      "POST /api/v1/auth/role": () => {
        current = asMarketer;
        return jsonResponse(asMarketer);
      },
    });
    const { router } = renderApp("/dashboards/warehouse");
    await screen.findByRole("heading", { level: 1, name: "Warehouse dashboard" });
    const seen: string[] = [];
    // Every node ever inserted, even one removed again before anyone looks.
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.textContent?.includes("You don't have access")) seen.push("403");
        }
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });

    fireEvent.click(await screen.findByRole("button", { name: /^Wes Carter/ }));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Marketer" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Journeys" })).toBeVisible();
    await waitFor(() => expect(screen.queryByRole("menu")).not.toBeInTheDocument());
    observer.disconnect();
    expect(router.state.location.pathname).toBe("/journeys");
    expect(seen).toEqual([]);
  });

  it("tells the user when the switch is refused", async () => {
    mockFetch({
      ...signedInApi(superUser),
      "POST /api/v1/auth/role": () => problem(403, "You do not have the role marketer."),
    });
    const { router } = renderApp("/contacts");

    await openMenu();
    fireEvent.click(screen.getByRole("menuitem", { name: "Marketer" }));

    await findVisible(() => screen.getByText("You do not have the role marketer."));
    expect(router.state.location.pathname).toBe("/contacts");
  });

  it("signs out and goes to the sign-in page", async () => {
    let signedIn = true;
    const fetchMock = mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/auth/me": () =>
        signedIn ? jsonResponse(superUser) : problem(401, "Sign in to continue."),
      "POST /api/v1/auth/logout": () => {
        signedIn = false;
        return new Response(null, { status: 204 });
      },
    });
    const { router } = renderApp("/journeys");

    await openMenu();
    fireEvent.click(screen.getByRole("menuitem", { name: "Sign out" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in to Waymark" }),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe("/login");
    expect(router.state.location.search).toBe("");
    expect(fetchMock.mock.calls.some(([input]) => String(input) === "/api/v1/auth/logout")).toBe(
      true,
    );
  });
});
