#!/usr/bin/env node
// PNG of a whole page (or of the screen, --phone) as a signed-in user, with the system Chromium:
//   node e2e/screenshot-signed-in.mjs <base-url> <email> <path> <out.png> [widthxheight] [--phone]
// Signs in through the API (POST /api/v1/auth/login, or the portal's for a customer
// email given as portal:<email>) with the demo password unless WAYMARK_PASSWORD is set.
// --phone: a touch screen (as the Playwright "phone" project has), and only what is on the
// screen rather than the whole page (e.g. 390x844 --phone).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";
import { chromiumArgs, chromiumPath } from "./chromium.mjs";

const args = process.argv.slice(2);
const phone = args.includes("--phone");
const [baseUrl, who, target, out, size = "1440x900"] = args.filter((arg) => arg !== "--phone");
if (!baseUrl || !who || !target || !out) {
  console.error(
    "usage: node e2e/screenshot-signed-in.mjs <base-url> <email|portal:email> <path> <out.png> [widthxheight] [--phone]",
  );
  process.exit(2);
}
const [width, height] = size.split("x").map(Number);
if (!width || !height) {
  console.error(`bad size ${size}: expected e.g. 1440x900`);
  process.exit(2);
}
const portal = who.startsWith("portal:");
const email = portal ? who.slice("portal:".length) : who;
const password = process.env.WAYMARK_PASSWORD ?? "waymark-demo-2026";

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: chromiumArgs,
  headless: true,
});
try {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width, height },
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
  });
  // The context's request client shares its cookies with the pages.
  const login = await context.request.post(
    portal ? "/api/v1/portal/auth/login" : "/api/v1/auth/login",
    { data: { email, password } },
  );
  if (!login.ok()) {
    console.error(`sign-in as ${email} failed: ${login.status()} ${await login.text()}`);
    process.exit(1);
  }
  const page = await context.newPage();
  await page.goto(target, { waitUntil: "networkidle" });
  // The page's own content, not the loading spinner or skeletons of a lazy route.
  await page.locator("main h1").first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelectorAll(".mantine-Skeleton-root").length === 0, null, {
    timeout: 60_000,
  });
  await page.evaluate(() => document.fonts.ready);
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await page.screenshot({ path: out, fullPage: !phone });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
