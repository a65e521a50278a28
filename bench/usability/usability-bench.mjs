#!/usr/bin/env node
// Usability benchmark (issue 26): build the abandoned-cart journey from an empty canvas the
// shortest honest way through the UI and count the clicks/drags and keystrokes it takes.
// Not timed. In the system Chromium (never a downloaded one).
//
//   node bench/usability/usability-bench.mjs --base-url http://127.0.0.1:8000 [--shots dir]
//
// The journey: cart.abandoned → wait an hour → if the contact has not placed an order since
// entering → an email with the first name in the subject → end (the "no" exit ends too),
// then published. Needs a running Waymark with the demo data (`make run`) and
// e2e/node_modules (`cd e2e && npm ci`). Exits 1 when a target is missed or a step dead-ends.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const require = createRequire(path.join(repo, "e2e", "package.json"));
const { chromium } = require("playwright-core");

const TARGET_CLICKS = 25;
const TARGET_KEYS = 120;

const { values: opts } = parseArgs({
  options: {
    "base-url": { type: "string" },
    shots: { type: "string" },
    email: { type: "string", default: "marketer@waymark.local" },
    password: { type: "string", default: process.env.WAYMARK_PASSWORD ?? "waymark-demo-2026" },
    chromium: { type: "string", default: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  },
});
if (!opts["base-url"]) {
  console.error("usage: node bench/usability/usability-bench.mjs --base-url <url> [--shots dir]");
  process.exit(2);
}
const baseUrl = opts["base-url"].replace(/\/+$/, "");

const browser = await chromium.launch({
  executablePath: opts.chromium,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL: baseUrl });
page.setDefaultTimeout(60_000);

// Signing in is not part of building a journey: done through the API, not counted.
const me = await page.request.post("/api/v1/auth/login", {
  data: { email: opts.email, password: opts.password },
});
if (!me.ok()) throw new Error(`sign-in failed: ${me.status()} ${await me.text()}`);

let clicks = 0;
let keys = 0;
let shot = 0;
const steps = [];
const click = async (locator) => {
  await locator.click();
  clicks += 1;
};
const type = async (text) => {
  await page.keyboard.type(text);
  keys += text.length;
};
const press = async (key) => {
  await page.keyboard.press(key);
  keys += 1;
};
const step = async (name) => {
  steps.push({ name, clicks, keys });
  if (opts.shots) {
    fs.mkdirSync(opts.shots, { recursive: true });
    shot += 1;
    const file = path.join(opts.shots, `${String(shot).padStart(2, "0")}-${name.replaceAll(/\W+/g, "-")}.png`);
    await page.screenshot({ path: file });
  }
};
const palette = (label) => page.getByRole("listitem", { name: `Add ${label}`, exact: true });
const option = (name) => page.getByRole("option", { name, exact: true }).first();

await page.goto("/journeys");
await click(page.getByRole("button", { name: "New journey" }));
const dialog0 = page.getByRole("dialog", { name: "New journey" });
const nameField = dialog0.getByLabel("Name");
if (!(await nameField.evaluate((el) => el === document.activeElement))) await click(nameField);
await type(`Abandoned cart ${Date.now().toString(36)}`.slice(0, 20));
await click(dialog0.getByRole("button", { name: "Create journey" }));
await page.waitForURL(/\/journeys\/[0-9a-f-]+$/);
await step("empty canvas");

// The trigger from the empty canvas's hint; its event field has the caret.
await click(page.getByTestId("empty-canvas").getByRole("button", { name: "Event received" }));
await type("cart.abandoned");
await step("trigger");

// Wait an hour: the palette adds it below the trigger, connected.
await click(palette("Wait"));
await click(page.getByRole("textbox", { name: "Wait for: unit" }));
await click(option("hours"));
await step("wait an hour");

// "Has not done Order placed since entering this journey".
await click(palette("Condition"));
await click(page.getByRole("button", { name: "+ Rule" }));
await click(page.getByRole("textbox", { name: "Rule" }));
await click(option("Did an event"));
await click(page.getByRole("textbox", { name: "Has done or not" }));
await click(option("has not done"));
await click(page.getByRole("textbox", { name: "Event", exact: true }).last());
await type("order");
await press("ArrowDown");
await press("Enter");
await step("condition");

// The email on the "Yes" exit (the first free one), with the first name in the subject.
await click(palette("Send email"));
await click(page.getByRole("textbox", { name: "Subject" }));
await type("Still thinking it over, ");
await click(page.getByRole("button", { name: "Insert a variable into Subject" }));
await type("first");
await press("ArrowDown");
await press("Enter");
await press("Tab");
await type("there");
await press("Enter");
await click(page.getByRole("textbox", { name: "Text" }));
await type("Your cart is waiting for you.");
await step("email");

// The end after the email; the condition's "No" exit leads to it too, picked in the inspector.
await click(palette("End"));
await click(page.locator(".react-flow__node").filter({ hasText: "Condition" }).first());
await click(page.getByRole("textbox", { name: "No: go to" }));
await click(option("End"));
await page.getByRole("status").filter({ hasText: /^Saved$/ }).waitFor();
await step("connected");

const problems = await page.getByRole("tab", { name: /^Problems: / }).getAttribute("aria-label");
await click(page.getByRole("button", { name: "Publish…" }));
const dialog = page.getByRole("dialog", { name: "Publish this journey?" });
await dialog.getByRole("region", { name: "Publish review" }).waitFor();
await step("publish review");
await click(dialog.getByRole("button", { name: "Publish", exact: true }));
await page.getByText(/Version 1 is live/).waitFor();
await step("published");

await browser.close();
console.log("step\tclicks/drags\tkeystrokes");
for (const s of steps) console.log(`${s.name}\t${s.clicks}\t${s.keys}`);
console.log(`total\t${clicks}\t${keys}\t(targets ≤ ${TARGET_CLICKS} and ≤ ${TARGET_KEYS})`);
console.log(`problems before publishing: ${problems}`);
process.exit(clicks <= TARGET_CLICKS && keys <= TARGET_KEYS ? 0 : 1);
