import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { problem, signedInApi, warehouseWorker } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { passwordProblem } from "./invite-page";

const INVITE = "/api/v1/auth/invites/tok-123";

const openInvite = {
  ...signedInApi(null),
  [`GET ${INVITE}`]: () =>
    jsonResponse({
      email: "new.person@waymark.local",
      name: "New Person",
      expires_at: "2026-12-01T10:00:00Z",
    }),
};

async function setPasswords(password: string, confirm: string) {
  fireEvent.change(await screen.findByLabelText(/^New password/), {
    target: { value: password },
  });
  fireEvent.change(screen.getByLabelText(/^Repeat the password/), { target: { value: confirm } });
  fireEvent.click(screen.getByRole("button", { name: "Set password and sign in" }));
}

describe("invite page", () => {
  it("names who the invite is for and explains the password policy", async () => {
    mockFetch(openInvite);
    renderApp("/invite/tok-123");

    expect(
      await screen.findByRole("heading", { level: 1, name: "Welcome to Waymark, New Person" }),
    ).toBeVisible();
    expect(screen.getByText("new.person@waymark.local")).toBeVisible();
    expect(screen.getByLabelText(/^New password/)).toHaveAccessibleDescription(
      /At least 12 characters/,
    );
  });

  it("rejects mismatched passwords without asking the server", async () => {
    const fetchMock = mockFetch(openInvite);
    renderApp("/invite/tok-123");

    await setPasswords("correct-horse-battery-9", "correct-horse-battery-8");

    expect(await screen.findByText("The two passwords do not match.")).toBeVisible();
    expect(screen.getByLabelText(/^Repeat the password/)).toHaveAttribute("aria-invalid", "true");
    const posts = fetchMock.mock.calls.filter(([, init]) => init?.method === "POST");
    expect(posts).toHaveLength(0);
  });

  it("rejects a short password without asking the server", async () => {
    const fetchMock = mockFetch(openInvite);
    renderApp("/invite/tok-123");

    await setPasswords("short-1", "short-1");

    expect(await screen.findByText("Use at least 12 characters.")).toBeVisible();
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === "POST")).toHaveLength(0);
  });

  it("sets the password and lands signed in on the role's dashboard", async () => {
    let signedIn = false;
    mockFetch({
      ...openInvite,
      "GET /api/v1/auth/me": () =>
        signedIn ? jsonResponse(warehouseWorker) : problem(401, "Sign in to continue."),
      [`POST ${INVITE}`]: async (request) => {
        expect(await request.json()).toEqual({ password: "correct-horse-battery-9" });
        signedIn = true;
        return jsonResponse(warehouseWorker);
      },
    });
    const { router } = renderApp("/invite/tok-123");

    await setPasswords("correct-horse-battery-9", "correct-horse-battery-9");

    await waitFor(() => expect(router.state.location.pathname).toBe("/dashboards/warehouse"));
    expect(
      await screen.findByRole("heading", { level: 1, name: "Warehouse dashboard" }),
    ).toBeVisible();
  });

  it("shows the server's reasons when it refuses the password", async () => {
    mockFetch({
      ...openInvite,
      [`POST ${INVITE}`]: () =>
        problem(422, "Choose a stronger password. Do not use your email address as the password.", {
          errors: [
            { field: "password", message: "Do not use your email address as the password." },
          ],
        }),
    });
    renderApp("/invite/tok-123");

    await setPasswords("Aaaaaaaaaaaa1", "Aaaaaaaaaaaa1");

    expect(await screen.findByRole("alert")).toHaveTextContent("Choose a stronger password.");
    expect(screen.getByLabelText(/^New password/)).toHaveAttribute("aria-invalid", "true");
  });

  it("says clearly when the link has expired or was used", async () => {
    mockFetch({
      ...signedInApi(null),
      [`GET ${INVITE}`]: () => problem(410, "This invite has expired; ask for a new one."),
    });
    renderApp("/invite/tok-123");

    expect(
      await screen.findByRole("heading", {
        level: 1,
        name: "This invite link has expired or was already used",
      }),
    ).toBeVisible();
    expect(screen.getByText("This invite has expired; ask for a new one.")).toBeVisible();
    expect(screen.queryByLabelText(/^New password/)).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "sign in" })).toHaveAttribute("href", "/login");
  });

  it("says clearly when the link is unknown", async () => {
    mockFetch({
      ...signedInApi(null),
      [`GET ${INVITE}`]: () => problem(404, "No such invite."),
    });
    renderApp("/invite/tok-123");

    expect(
      await screen.findByRole("heading", { level: 1, name: "This invite link is not valid" }),
    ).toBeVisible();
  });
});

describe("password policy", () => {
  it.each([
    ["short", "abc", "Use at least 12 characters."],
    ["one kind of character", "abcdefghijklmnop", "Mix at least two kinds"],
    ["one kind: digits", "123456789012", "Mix at least two kinds"],
    ["the email", "New.Person@waymark.local", "Do not use your email address"],
    ["the email's local part", "new.person123", null],
    ["fine", "correct-horse-battery", null],
  ])("%s", (_name, password, expected) => {
    const result = passwordProblem(password, "new.person@waymark.local");
    if (expected === null) expect(result).toBeNull();
    else expect(result).toContain(expected);
  });
});
