import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";
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
  allowed_origins: [],
  identity_secret_set_at: null,
};

const webKey: ApiKey = {
  ...shopKey,
  id: "k-2",
  name: "Shop website",
  kind: "public_write",
  prefix: "wm_pk_ZyXwVuTs",
  scopes: ["events:write"],
  allowed_origins: ["https://shop.example"],
  identity_secret_set_at: "2026-02-01T12:00:00Z",
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
    await findVisible(() => within(dialog).getByText("Give a server key at least one scope."));
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "events:write" }));
    fireEvent.click(within(dialog).getByRole("checkbox", { name: "contacts:read" }));
    expect(within(dialog).queryByRole("checkbox", { name: "keys:manage" })).not.toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole("button", { name: "Create key" }));

    const shown = await screen.findByRole("dialog", { name: "Copy your new key" });
    expect(within(shown).getByLabelText("Secret key")).toHaveValue(
      "wm_sk_AbCdEfGh-the-whole-secret",
    );
    await findVisible(() => within(shown).getByText("This is the only time you will see this key"));
    await findVisible(() => within(shown).getByRole("button", { name: "Copy secret key" }));
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

  it("creates a public write key with its websites and shows the identity secret once", async () => {
    let sent: unknown;
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/api-keys": () => jsonResponse([]),
      "POST /api/v1/admin/api-keys": async (request) => {
        sent = await request.json();
        return jsonResponse({
          key: "wm_pk_secret",
          api_key: webKey,
          identity_secret: "wm_is_the-identity-secret",
        });
      },
    });
    renderApp("/admin/api-keys");

    fireEvent.click(await screen.findByRole("button", { name: "Create key" }));
    const dialog = await screen.findByRole("dialog", { name: "Create API key" });
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: "Web site" } });
    fireEvent.click(within(dialog).getByRole("radio", { name: /Public write/ }));
    expect(within(dialog).queryByRole("checkbox")).not.toBeInTheDocument();
    const websites = within(dialog).getByLabelText("Websites");
    fireEvent.change(websites, { target: { value: "https://shop.example" } });
    fireEvent.keyDown(websites, { key: "Enter" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Create key" }));

    const shown = await findVisible(() =>
      screen.getByRole("dialog", { name: "Copy your new key" }),
    );
    expect(within(shown).getByLabelText("Identity secret")).toHaveValue(
      "wm_is_the-identity-secret",
    );
    expect(within(shown).getByText(/HMAC-SHA256\(identity secret, user id\)/)).toBeVisible();
    expect(sent).toEqual({
      name: "Web site",
      kind: "public_write",
      scopes: [],
      allowed_origins: ["https://shop.example"],
    });
  });

  it("shows a public key's websites and identity secret, and edits the websites", async () => {
    let saved: unknown;
    let key = webKey;
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/api-keys": () => jsonResponse([key, shopKey]),
      "PUT /api/v1/admin/api-keys/k-2/allowed-origins": async (request) => {
        saved = await request.json();
        key = { ...webKey, allowed_origins: ["https://shop.example", "https://*.shop.example"] };
        return jsonResponse(key);
      },
    });
    renderApp("/admin/api-keys");

    const row = (await screen.findByText("Shop website")).closest("tr") as HTMLElement;
    expect(within(row).getByText("https://shop.example")).toBeVisible();
    expect(within(row).getByText(/^Identity secret made/)).toBeVisible();
    const serverRow = screen.getByText("Shop backend").closest("tr") as HTMLElement;
    expect(
      within(serverRow).queryByRole("button", { name: /Websites of/ }),
    ).not.toBeInTheDocument();

    fireEvent.click(within(row).getByRole("button", { name: "Websites of Shop website" }));
    const dialog = await screen.findByRole("dialog", { name: "Websites of this key" });
    const input = within(dialog).getByLabelText("Websites");
    fireEvent.change(input, { target: { value: "https://*.shop.example" } });
    fireEvent.keyDown(input, { key: "Enter" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save websites" }));
    await waitFor(() =>
      expect(saved).toEqual({
        allowed_origins: ["https://shop.example", "https://*.shop.example"],
      }),
    );
    await findVisible(() => screen.getByText("https://*.shop.example"));
  });

  it("says when a public key has no websites, and shows the server's refusal of a bad one", async () => {
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/api-keys": () =>
        jsonResponse([{ ...webKey, allowed_origins: [], identity_secret_set_at: null }]),
      "PUT /api/v1/admin/api-keys/k-2/allowed-origins": () =>
        jsonResponse(
          {
            title: "Bad Request",
            status: 400,
            detail: "Some websites are not web origins",
            errors: [{ field: "allowed_origins[0]", message: "“shop” must start with https://" }],
          },
          { status: 400, contentType: "application/problem+json" },
        ),
    });
    renderApp("/admin/api-keys");

    const row = (await screen.findByText("Shop website")).closest("tr") as HTMLElement;
    expect(within(row).getByText("None yet: every page is refused")).toBeVisible();
    expect(within(row).getByText("No identity secret: visitors stay anonymous")).toBeVisible();
    fireEvent.click(within(row).getByRole("button", { name: "Websites of Shop website" }));
    const dialog = await screen.findByRole("dialog", { name: "Websites of this key" });
    const input = within(dialog).getByLabelText("Websites");
    fireEvent.change(input, { target: { value: "shop" } });
    fireEvent.keyDown(input, { key: "Enter" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save websites" }));
    await findVisible(() => within(dialog).getByText("“shop” must start with https://"));
  });

  it("makes a new identity secret after confirming and shows it once", async () => {
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/api-keys": () => jsonResponse([webKey]),
      "POST /api/v1/admin/api-keys/k-2/identity-secret": () =>
        jsonResponse({ identity_secret: "wm_is_new-secret", api_key: webKey }),
    });
    renderApp("/admin/api-keys");

    fireEvent.click(
      await screen.findByRole("button", { name: "New identity secret for Shop website" }),
    );
    const confirm = await screen.findByRole("dialog", { name: "Make a new identity secret?" });
    expect(confirm).toHaveTextContent("stops working at once");
    fireEvent.click(within(confirm).getByRole("button", { name: "Make a new secret" }));
    const shown = await findVisible(() =>
      screen.getByRole("dialog", { name: "Copy the new identity secret" }),
    );
    expect(within(shown).getByLabelText("Identity secret")).toHaveValue("wm_is_new-secret");
    fireEvent.click(within(shown).getByRole("button", { name: "I have copied it" }));
    await waitFor(() =>
      expect(screen.queryByDisplayValue("wm_is_new-secret")).not.toBeInTheDocument(),
    );
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

    await findVisible(() => screen.getByText("Shop backend was revoked; it no longer works."));
    await waitFor(() =>
      expect(screen.queryByRole("button", { name: "Revoke Shop backend" })).not.toBeInTheDocument(),
    );
  });
});
