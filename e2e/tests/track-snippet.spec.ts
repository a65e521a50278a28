import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";

// The demo data's public write key (backend/app/events/demo.py): demo only.
const DEMO_KEY = "wm_pk_demo-website-key-not-secret";
const apiBase = process.env.WAYMARK_BASE_URL ?? "";

let server: Server;
let shopUrl = "";

/** A shop's page on another origin (its own port) that embeds the snippet from the API. */
function shopPage(script: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pricing · Shop</title>
<script>window.waymark = window.waymark || []; window.waymark.push(["page", {category: "Docs"}]);</script>
<script src="${apiBase}/track.js" data-key="${DEMO_KEY}"></script></head>
<body><h1>Shop</h1><script>${script}</script></body></html>`;
}

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const script = url.searchParams.get("script") ?? "";
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(shopPage(script));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  shopUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function eventsOf(page: import("@playwright/test").Page, contact: string) {
  const answer = await page.request.get("/api/v1/events", { params: { contact, limit: 50 } });
  expect(answer.ok()).toBeTruthy();
  const body = (await answer.json()) as {
    items: { name: string; source: string; contact: { external_id: string | null } }[];
  };
  // Without the score changes the demo's scoring rules add (adding to a cart scores).
  return body.items.filter((e) => e.name !== "contact.score_changed");
}

test("track.js on another website sends page, track and identify, and merges the visitor", async ({
  browser,
}) => {
  const staff = await browser.newPage();
  await signIn(staff, demoUsers.superUser.email);

  const shopContext = await browser.newContext();
  const shop = await shopContext.newPage();
  const userId = `e2e-shopper-${Date.now()}`;
  const requests: string[] = [];
  shop.on("request", (request) => {
    if (request.url().includes("/api/v1/track/batch")) requests.push(request.url());
  });
  await shop.goto(
    `${shopUrl}/pricing?script=${encodeURIComponent(
      'waymark.track("cart.item_added", {sku: "E2E-1"});',
    )}`,
  );
  const anonymousId = await shop.evaluate(() =>
    (window as unknown as { waymark: { anonymousId(): string } }).waymark.anonymousId(),
  );
  expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await shop.evaluate(() => localStorage.getItem("waymark_anonymous_id"))).toBe(
    anonymousId,
  );

  // The batch goes out by itself a moment later, cross-origin.
  await expect(async () => {
    const seen = await eventsOf(staff, `anon:${anonymousId}`);
    expect(seen.map((e) => e.name).sort()).toEqual(["cart.item_added", "page.viewed"]);
    expect(new Set(seen.map((e) => e.source))).toEqual(new Set(["track"]));
  }).toPass({ timeout: 15_000 });
  expect(requests.length).toBeGreaterThan(0);

  // The shop's server already knows this customer (an account made elsewhere).
  const me = (await (await staff.request.get("/api/v1/auth/me")).json()) as { csrf_token: string };
  const known = await staff.request.post("/api/v1/events", {
    data: { name: "account.created", contact: { external_id: userId } },
    headers: { "X-CSRF-Token": me.csrf_token },
  });
  expect(known.status()).toBe(202);

  // Signing in on the shop: identify merges the visitor into the person.
  await shop.evaluate(
    (id) =>
      (
        window as unknown as {
          waymark: { identify(id: string, traits: object): void; flush(): void };
        }
      ).waymark.identify(id, { name: "E2E Shopper" }),
    userId,
  );
  await expect(async () => {
    const seen = await eventsOf(staff, userId);
    expect(seen.map((e) => e.name).sort()).toEqual([
      "account.created",
      "cart.item_added",
      "contact.identified",
      "contact.merged",
      "page.viewed",
    ]);
  }).toPass({ timeout: 15_000 });
  expect(await eventsOf(staff, `anon:${anonymousId}`)).toEqual([]);

  // A call made just before the page goes away is sent with sendBeacon.
  await shop.evaluate(() =>
    (
      window as unknown as { waymark: { track(name: string, props: object): void } }
    ).waymark.track("checkout.started", { step: 1 }),
  );
  await shop.goto("about:blank");
  await expect(async () => {
    const seen = await eventsOf(staff, userId);
    expect(seen.map((e) => e.name)).toContain("checkout.started");
  }).toPass({ timeout: 15_000 });

  await shopContext.close();
  await staff.close();
});

test("track.js is served as cacheable JavaScript", async ({ request }) => {
  const response = await request.get("/track.js");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/javascript");
  expect(response.headers()["cache-control"]).toBe("public, max-age=3600");
});
