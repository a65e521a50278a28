import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, problem, signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";

async function fillAndSubmit(email: string, password: string) {
  fireEvent.change(await screen.findByLabelText(/^Email/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("login page", () => {
  it("shows the server's problem detail when the password is wrong", async () => {
    mockFetch({
      ...signedInApi(null),
      "POST /api/v1/auth/login": () => problem(401, "Email or password is wrong."),
    });
    const { router } = renderApp("/login");

    await fillAndSubmit("marketer@waymark.local", "not-the-password");

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not sign you in");
    expect(alert).toHaveTextContent("Email or password is wrong.");
    expect(router.state.location.pathname).toBe("/login");
    // The password is cleared for the next try; the email stays.
    expect(screen.getByLabelText(/^Password/)).toHaveValue("");
    expect(screen.getByLabelText(/^Email/)).toHaveValue("marketer@waymark.local");
  });

  it("shows the throttling message, with how long to wait", async () => {
    mockFetch({
      ...signedInApi(null),
      "POST /api/v1/auth/login": () =>
        problem(429, "Too many failed sign-ins for this account. Try again in 14 minutes."),
    });
    renderApp("/login");

    await fillAndSubmit("marketer@waymark.local", "guess-number-six");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many failed sign-ins for this account. Try again in 14 minutes.",
    );
  });

  it("checks the fields before asking the server, with an error on each", async () => {
    const fetchMock = mockFetch(signedInApi(null));
    renderApp("/login");

    await fillAndSubmit("not-an-email", "");

    expect(
      await screen.findByText("Enter an email address such as name@example.com."),
    ).toBeVisible();
    expect(screen.getByText("Enter your password.")).toBeVisible();
    expect(screen.getByLabelText(/^Email/)).toHaveAttribute("aria-invalid", "true");
    const posts = fetchMock.mock.calls.filter(([, init]) => init?.method === "POST");
    expect(posts).toHaveLength(0);
  });

  it("signs in and goes to the active role's dashboard", async () => {
    let signedIn = false;
    const fetchMock = mockFetch({
      ...signedInApi(null),
      "GET /api/v1/auth/me": () =>
        signedIn ? jsonResponse(superUser) : problem(401, "Sign in to continue."),
      "POST /api/v1/auth/login": async (request) => {
        expect(await request.json()).toEqual({
          email: "super-user@waymark.local",
          password: "waymark-demo-2026",
        });
        signedIn = true;
        return jsonResponse(superUser);
      },
      "GET /api/v1/admin/users": () => jsonResponse({ items: [], total: 0 }),
      "GET /api/v1/admin/roles": () => jsonResponse([]),
    });
    const { router } = renderApp("/login");

    await fillAndSubmit(" super-user@waymark.local ", "waymark-demo-2026");

    await waitFor(() => expect(router.state.location.pathname).toBe("/admin/users"));
    expect(await screen.findByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    const login = fetchMock.mock.calls.find(([input]) => String(input) === "/api/v1/auth/login");
    expect(login?.[1]?.credentials).toBe("same-origin");
  });

  it("goes back to `next` after signing in", async () => {
    mockFetch({
      ...signedInApi(null),
      "POST /api/v1/auth/login": () => jsonResponse(marketer),
    });
    const { router } = renderApp(`/login?next=${encodeURIComponent("/reports")}`);

    await fillAndSubmit("marketer@waymark.local", "waymark-demo-2026");

    expect(await screen.findByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
    expect(router.state.location.pathname).toBe("/reports");
  });

  it("ignores a `next` that leaves the site", async () => {
    mockFetch(signedInApi(marketer));
    const { router } = renderApp(`/login?next=${encodeURIComponent("//evil.example/x")}`);

    await waitFor(() => expect(router.state.location.pathname).toBe("/journeys"));
  });

  it("offers single sign-on when configured, keeping `next`", async () => {
    mockFetch({
      ...signedInApi(null),
      "GET /api/v1/auth/config": () =>
        jsonResponse({ password: true, sso: { enabled: true, label: "Acme ID" } }),
    });
    renderApp(`/login?next=${encodeURIComponent("/reports")}`);

    const sso = await screen.findByRole("link", { name: "Sign in with Acme ID" });
    expect(sso).toHaveAttribute(
      "href",
      `/api/v1/auth/sso/login?next=${encodeURIComponent("/reports")}`,
    );
  });

  it("has no single sign-on button when it is not configured", async () => {
    mockFetch(signedInApi(null));
    renderApp("/login");

    await screen.findByRole("heading", { level: 1, name: "Sign in to Waymark" });
    expect(screen.queryByRole("link", { name: /Sign in with/ })).not.toBeInTheDocument();
  });

  it("shows why single sign-on failed", async () => {
    mockFetch(signedInApi(null));
    renderApp(
      `/login?error=${encodeURIComponent("Your identity provider did not verify that email.")}`,
    );

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your identity provider did not verify that email.",
    );
  });
});

describe("portal login page", () => {
  it("signs a customer in through the portal endpoint", async () => {
    const fetchMock = mockFetch({
      ...signedInApi(null),
      "POST /api/v1/portal/auth/login": () =>
        problem(403, "This sign-in is for customers; staff sign in at /login."),
    });
    renderApp("/portal/login");

    await fillAndSubmit("marketer@waymark.local", "waymark-demo-2026");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This sign-in is for customers; staff sign in at /login.",
    );
    expect(
      fetchMock.mock.calls.some(([input]) => String(input) === "/api/v1/portal/auth/login"),
    ).toBe(true);
  });
});
