import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";

const apiBase = process.env.WAYMARK_BASE_URL ?? "";

let server: Server;
let other: Server;
let shopUrl = "";
let otherUrl = "";

/** A shop's page on another origin (its own port) that embeds the snippet from the API. */
function shopPage(key: string, script: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pricing · Shop</title>
<script>window.waymark = window.waymark || []; window.waymark.push(["page", {category: "Docs"}]);</script>
<script src="${apiBase}/track.js" data-key="${key}"></script></head>
<body><h1>Shop</h1><script>${script}</script></body></html>`;
}

function listen(): Promise<[Server, string]> {
  const made = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const script = url.searchParams.get("script") ?? "";
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(shopPage(url.searchParams.get("key") ?? "", script));
  });
  return new Promise((resolve) =>
    made.listen(0, "127.0.0.1", () =>
      resolve([made, `http://127.0.0.1:${(made.address() as AddressInfo).port}`]),
    ),
  );
}

test.beforeAll(async () => {
  [server, shopUrl] = await listen();
  [other, otherUrl] = await listen();
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => other.close(resolve));
});

async function eventsOf(page: Page, contact: string) {
  const answer = await page.request.get("/api/v1/events", {
    params: { contact, limit: 50 },
  });
  expect(answer.ok()).toBeTruthy();
  const body = (await answer.json()) as {
    items: {
      name: string;
      source: string;
      contact: { external_id: string | null };
    }[];
  };
  // Without the score changes the demo's scoring rules add (adding to a cart scores).
  return body.items.filter((e) => e.name !== "contact.score_changed");
}

/** A public write key for the shop's website, made in Admin · API keys: its secrets. */
async function createShopKey(staff: Page): Promise<{ key: string; identitySecret: string }> {
  await staff.goto("/admin/api-keys");
  await staff.getByRole("button", { name: "Create key" }).click();
  const dialog = staff.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel(/^Name/).fill(`E2E shop ${Date.now()}`);
  await dialog.getByRole("radio", { name: /Public write/ }).check();
  const websites = dialog.getByLabel("Websites");
  await websites.fill(shopUrl);
  await websites.press("Enter");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const shown = staff.getByRole("dialog", { name: "Copy your new key" });
  const key = await shown.getByRole("textbox", { name: "Secret key" }).inputValue();
  const identitySecret = await shown
    .getByRole("textbox", { name: "Identity secret" })
    .inputValue();
  expect(key).toMatch(/^wm_pk_/);
  expect(identitySecret).toMatch(/^wm_is_/);
  await shown.getByRole("button", { name: "I have copied it" }).click();
  await expect(staff.getByText(shopUrl)).toBeVisible();
  return { key, identitySecret };
}

type Snippet = {
  waymark: {
    anonymousId(): string;
    identify(id: string, traits: object, options?: { userHash: string }): void;
    track(name: string, props: object): void;
  };
};

test("track.js on the key's website: a claimed customer needs the server's hash; then the visitor is merged", async ({
  browser,
}) => {
  // Many steps, each waiting for a state (a key made in Admin, batches, the worker): on
  // a busy machine they add up past the default 30 s.
  test.setTimeout(120_000);
  const staff = await browser.newPage();
  await signIn(staff, demoUsers.superUser.email);
  const { key, identitySecret } = await createShopKey(staff);

  const shopContext = await browser.newContext();
  const shop = await shopContext.newPage();
  const userId = `e2e-shopper-${Date.now()}`;
  const requests: string[] = [];
  shop.on("request", (request) => {
    if (request.url().includes("/api/v1/track/batch")) requests.push(request.url());
  });
  await shop.goto(
    `${shopUrl}/pricing?key=${key}&script=${encodeURIComponent(
      'waymark.track("cart.item_added", {sku: "E2E-1"});',
    )}`,
  );
  const anonymousId = await shop.evaluate(() =>
    (window as unknown as Snippet).waymark.anonymousId(),
  );
  expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await shop.evaluate(() => localStorage.getItem("waymark_anonymous_id"))).toBe(anonymousId);

  // The batch goes out by itself a moment later, cross-origin.
  await expect(async () => {
    const seen = await eventsOf(staff, `anon:${anonymousId}`);
    expect(seen.map((e) => e.name).sort()).toEqual(["cart.item_added", "page.viewed"]);
    expect(new Set(seen.map((e) => e.source))).toEqual(new Set(["track"]));
  }).toPass({ timeout: 15_000 });
  expect(requests.length).toBeGreaterThan(0);

  // The shop's server already knows this customer (an account made elsewhere).
  const me = (await (await staff.request.get("/api/v1/auth/me")).json()) as {
    csrf_token: string;
  };
  const known = await staff.request.post("/api/v1/events", {
    data: { name: "account.created", contact: { external_id: userId } },
    headers: { "X-CSRF-Token": me.csrf_token },
  });
  expect(known.status()).toBe(202);

  // A page claiming to be the customer without the hash stays the anonymous visitor.
  await shop.evaluate(
    (id) => (window as unknown as Snippet).waymark.identify(id, { name: "Mallory" }),
    userId,
  );
  await expect(async () => {
    const visitor = await eventsOf(staff, `anon:${anonymousId}`);
    expect(visitor.map((e) => e.name)).toContain("contact.identified");
  }).toPass({ timeout: 15_000 });
  expect((await eventsOf(staff, userId)).map((e) => e.name)).toEqual(["account.created"]);

  // Signing in on the shop: the shop's server wrote the user hash into the page.
  const userHash = createHmac("sha256", identitySecret).update(userId).digest("hex");
  await shop.evaluate(
    ([id, hash]) =>
      (window as unknown as Snippet).waymark.identify(
        id,
        { name: "E2E Shopper" },
        { userHash: hash },
      ),
    [userId, userHash] as const,
  );
  await expect(async () => {
    const seen = await eventsOf(staff, userId);
    expect(seen.map((e) => e.name).sort()).toEqual([
      "account.created",
      "cart.item_added",
      "contact.identified",
      "contact.identified",
      "contact.merged",
      "page.viewed",
    ]);
  }).toPass({ timeout: 15_000 });
  expect(await eventsOf(staff, `anon:${anonymousId}`)).toEqual([]);

  // A call made just before the page goes away is sent with sendBeacon, hash and all.
  await shop.evaluate(() =>
    (window as unknown as Snippet).waymark.track("checkout.started", {
      step: 1,
    }),
  );
  await shop.goto("about:blank");
  await expect(async () => {
    const seen = await eventsOf(staff, userId);
    expect(seen.map((e) => e.name)).toContain("checkout.started");
  }).toPass({ timeout: 15_000 });

  // A page on another website cannot use the key: refused, and its script cannot even
  // read the answer (no CORS for that origin).
  const elsewhere = await shopContext.newPage();
  await elsewhere.goto(`${otherUrl}/?key=${key}`);
  const outcome = await elsewhere.evaluate(
    async ([url, body]) => {
      try {
        const response = await fetch(url, {
          method: "POST",
          body,
          headers: { "Content-Type": "text/plain" },
        });
        return `read ${response.status}`;
      } catch {
        return "blocked";
      }
    },
    [
      `${apiBase}/api/v1/track/batch?key=${key}`,
      JSON.stringify({
        batch: [{ type: "track", anonymousId: "elsewhere", event: "x.y" }],
      }),
    ] as const,
  );
  expect(outcome).toBe("blocked");
  const refused = await staff.request.post(`/api/v1/track/batch?key=${key}`, {
    data: {
      batch: [{ type: "track", anonymousId: "elsewhere", event: "x.y" }],
    },
    headers: { Origin: otherUrl },
  });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["access-control-allow-origin"]).toBeUndefined();

  await shopContext.close();
  await staff.close();
});

test("track.js is served as cacheable JavaScript", async ({ request }) => {
  const response = await request.get("/track.js");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/javascript");
  expect(response.headers()["cache-control"]).toBe("public, max-age=3600");
});
