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
  timeout: 30_000,
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
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      },
    },
  ],
});
