import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import type { ApiKey } from "../types";

const shopKey: ApiKey = {
  id: "k-1",
  name: "Shop backend",
  kind: "server",
  prefix: "wm_sk_AbCdEfGh",
  scopes: ["events:write", "contacts:read"],
  created_at: "2026-02-01T12:00:00Z",
  created_by: "super-user@waymark.local",
  last_used_at: null,
  revoked_at: null,
};

describe("admin: API keys", () => {
  it("lists keys with kind, prefix, scopes and use", async () => {
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/api-keys": () => jsonResponse([shopKey]),
    });
    renderApp("/admin/api-keys");

    const row = (await screen.findByText("Shop backend")).closest("tr") as HTMLElement;
    expect(within(row).getByText("Server")).toBeVisible();
    expect(within(row).getByText("wm_sk_AbCdEfGh…")).toBeVisible();
    expect(within(row).getByText("events:write")).toBeVisible();
    expect(within(row).getByText("by super-user@waymark.local")).toBeVisible();
    expect(within(row).getByText("Never")).toBeVisible();
    expect(within(row).getByText("Active")).toBeVisible();
  });

  it("creates a key and shows its secret once, with a warning and a copy button", async () => {
    let sent: unknown;
    let keys: ApiKey[] = [];
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/api-keys": () => jsonResponse(keys),
      "POST /api/v1/admin/api-keys": async (request) => {
        sent = await request.json();
        keys = [shopKey];
        return jsonResponse({ key: "wm_sk_AbCdEfGh-the-whole-secret", api_key: shopKey });
      },
    });
    renderApp("/admin/api-keys");

    expect(await screen.findByText("No API keys yet.")).toBeVisible();
    fireEvent.click(screen.getByRole("button", { name: "Create key" }));
    const dialog = await screen.findByRole("dialog", { name: "Create API key" });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: "Shop backend" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    expect(await within(dialog).findByText("Give a server key at least one scope.")).toBeVisible();
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "events:write" }));
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "contacts:read" }));
    expect(within(dialog).queryByRole("checkbox", { name: "keys:manage" })).not.toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole("button", { name: "Create key" }));

    const shown = await screen.findByRole("dialog", { name: "Copy your new key" });
    expect(within(shown).getByLabelText("Secret key")).toHaveValue(
      "wm_sk_AbCdEfGh-the-whole-secret",
    );
    expect(within(shown).getByText("This is the only time you will see this key")).toBeVisible();
    expect(within(shown).getByRole("button", { name: "Copy secret key" })).toBeVisible();
    expect(sent).toEqual({
      name: "Shop backend",
      kind: "server",
      scopes: ["events:write", "contacts:read"],
    });

    // Closed, the secret is gone for good; the list shows the key.
    fireEvent.click(within(shown).getByRole("button", { name: "I have copied it" }));
    await waitFor(() =>
      expect(screen.queryByText("wm_sk_AbCdEfGh-the-whole-secret")).not.toBeInTheDocument(),
    );
    expect(await screen.findByText("Shop backend")).toBeVisible();
    expect(screen.queryByDisplayValue("wm_sk_AbCdEfGh-the-whole-secret")).not.toBeInTheDocument();
  });

  it("creates a public write key without scopes", async () => {
    let sent: unknown;
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/api-keys": () => jsonResponse([]),
      "POST /api/v1/admin/api-keys": async (request) => {
        sent = await request.json();
        return jsonResponse({
          key: "wm_pk_secret",
          api_key: { ...shopKey, kind: "public_write", scopes: ["events:write"] },
        });
      },
    });
    renderApp("/admin/api-keys");

    fireEvent.click(await screen.findByRole("button", { name: "Create key" }));
    const dialog = await screen.findByRole("dialog", { name: "Create API key" });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: "Web site" } });
    fireEvent.click(within(dialog).getByRole("radio", { name: /Public write/ }));
    expect(within(dialog).queryByRole("checkbox")).not.toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole("button", { name: "Create key" }));

    expect(await screen.findByRole("dialog", { name: "Copy your new key" })).toBeVisible();
    expect(sent).toEqual({ name: "Web site", kind: "public_write", scopes: [] });
  });

  it("revokes a key after confirming", async () => {
    let revoked = false;
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/api-keys": () =>
        jsonResponse([{ ...shopKey, revoked_at: revoked ? "2026-02-02T08:00:00Z" : null }]),
      "POST /api/v1/admin/api-keys/k-1/revoke": () => {
        revoked = true;
        return jsonResponse({ ...shopKey, revoked_at: "2026-02-02T08:00:00Z" });
      },
    });
    renderApp("/admin/api-keys");

    fireEvent.click(await screen.findByRole("button", { name: "Revoke Shop backend" }));
    const confirm = await screen.findByRole("dialog", { name: "Revoke this key?" });
    expect(confirm).toHaveTextContent("cannot be restored");
    fireEvent.click(within(confirm).getByRole("button", { name: "Revoke key" }));

    expect(await screen.findByText("Shop backend was revoked; it no longer works.")).toBeVisible();
    await waitFor(() =>
      expect(screen.queryByRole("button", { name: "Revoke Shop backend" })).not.toBeInTheDocument(),
    );
  });
});
