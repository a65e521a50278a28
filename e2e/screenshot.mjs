#!/usr/bin/env node
// Full-page PNG of a URL, with the system Chromium:
//   node e2e/screenshot.mjs <url> <out.png> [widthxheight]
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";
import { chromiumArgs, chromiumPath } from "./chromium.mjs";

const [url, out, size = "1440x900"] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: node e2e/screenshot.mjs <url> <out.png> [widthxheight]");
  process.exit(2);
}
const [width, height] = size.split("x").map(Number);
if (!width || !height) {
  console.error(`bad size ${size}: expected e.g. 1440x900`);
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: chromiumArgs,
  headless: true,
});
try {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  await page.goto(url, { waitUntil: "networkidle" });
  // Let fonts and the first data fetch settle before the shot.
  await page.evaluate(() => document.fonts.ready);
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
