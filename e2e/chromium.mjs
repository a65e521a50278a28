// Shared by playwright.config.ts and screenshot.mjs: the system Chromium, never a
// downloaded one, started with flags that keep it quiet and offline-friendly.
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
