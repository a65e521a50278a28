/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";
import { jsonSchemaMetaValidator } from "./build/json-schema-meta-validator";

// The Litestar API. In production it serves the built SPA itself, so this is only
// used by `vite` (dev) and `vite preview`.
const apiUrl = process.env.WAYMARK_API_URL ?? "http://127.0.0.1:8000";

// Everything the SPA fetches from the API, plus the public tracking snippet.
const proxiedPaths = ["/api", "/health", "/track.js"] as const;
const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  proxiedPaths.map((path) => [path, { target: apiUrl, changeOrigin: false }]),
);

const VENDOR_PACKAGES =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|@mantine[\\/](?:core|hooks|notifications|form)|@floating-ui|@tanstack)[\\/]/;

// The API writes a fresh nonce per response in place of this (app/lib/spa.py): the
// Content-Security-Policy admits only `<style>` elements that carry it.
export const CSP_NONCE_PLACEHOLDER = "__WAYMARK_CSP_NONCE__";

export default defineConfig({
  plugins: [react(), jsonSchemaMetaValidator()],
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./src", import.meta.url)),
      // The shared JSON Schemas the backend generates: node forms are rendered from them.
      "@schemas": fileURLToPath(new URL("../schemas", import.meta.url)),
    },
  },
  server: { proxy, fs: { allow: [".."] } },
  preview: { proxy },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // The frameworks change far less often than our code: one long-cached chunk.
        // Libraries only a lazy feature uses (the journey canvas…) stay with that feature.
        manualChunks(id) {
          if (VENDOR_PACKAGES.test(id)) return "vendor";
          return undefined;
        },
      },
    },
  },
  test: {
    environment: "happy-dom",
    // A browser that asks for reduced motion: with the test theme's `respectReducedMotion`,
    // every Mantine transition (drawers, modals, popovers, collapses) takes no time, so a
    // test never sees an element half faded in, however busy the machine is.
    environmentOptions: { happyDOM: { settings: { device: { prefersReducedMotion: "reduce" } } } },
    setupFiles: ["./src/testing/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.mjs", "build/**/*.test.ts"],
    restoreMocks: true,
    unstubGlobals: true,
    css: false,
    // Pages load their chunks (forms, charts, date pickers) on first render; on a busy
    // 2-core machine that alone can take seconds. Above the waits' own budget
    // (src/testing/setup.ts), so a test making several waits ends by its own answer.
    testTimeout: 30_000,
    // @rjsf/mantine imports `dayjs/plugin/x` without the `.js` Node's ESM loader needs;
    // letting Vite bundle it for the tests resolves it the way the app build does.
    server: { deps: { inline: ["@rjsf/mantine"] } },
  },
});
