import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./chromium.mjs";

// The test command starts the real API (serving the built SPA) and points us at it.
const baseURL = process.env.WAYMARK_BASE_URL;
if (!baseURL) {
  throw new Error(
    "WAYMARK_BASE_URL is not set: start the API serving frontend/dist and set it, " +
      "e.g. WAYMARK_BASE_URL=http://127.0.0.1:8000",
  );
}

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 1 : undefined,
  reporter: "list",
  // Generous: a loaded 2-core machine runs the API, a worker, PostgreSQL and Chromium at once.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      // The phone's own specs run in the phone project only.
      testIgnore: /phone\//,
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      },
    },
    {
      // A common phone (390 × 844 CSS pixels: iPhone 12 to 15), touch, on the same system
      // Chromium against the same stack. It runs the portal and staff specs written for the
      // phone (tests/phone/: every page, and a return and its warehouse job from start to
      // end) and the portal's sign-in specs; not the canvas's: the journey editor needs a
      // wide screen.
      name: "phone",
      testMatch: [/phone\/.*\.spec\.ts$/, /\/portal\.spec\.ts$/],
      use: {
        viewport: { width: 390, height: 844 },
        // One device pixel per CSS pixel: the same layout, a quarter of the pixels to paint.
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
        userAgent:
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) " +
          "Chrome/126.0.0.0 Mobile Safari/537.36",
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      },
    },
  ],
});
