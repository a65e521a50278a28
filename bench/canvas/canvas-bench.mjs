#!/usr/bin/env node
// Canvas benchmark (issue #4): how fast a big journey opens on the React Flow canvas and
// how smoothly it drags, pans and zooms, in the system Chromium (never a downloaded one).
//
//   node bench/canvas/canvas-bench.mjs --base-url http://127.0.0.1:8000 [--runs 5] [--nodes 300]
//
// Needs a running Waymark with the demo data (`make run`, or `python -m app seed`) and
// e2e/node_modules installed (`cd e2e && npm ci`): playwright-core is resolved from there.
// Prints figures; it is not a test and never runs in `make test`. See bench/canvas/README.md.
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const require = createRequire(path.join(repo, "e2e", "package.json"));
const { chromium } = require("playwright-core");

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const { values: opts } = parseArgs({
  options: {
    "base-url": { type: "string" },
    runs: { type: "string", default: "5" },
    nodes: { type: "string", default: "300" },
    viewport: { type: "string", default: "1440x900" },
    "drag-steps": { type: "string", default: "60" },
    email: { type: "string", default: "marketer@waymark.local" },
    password: { type: "string", default: process.env.WAYMARK_PASSWORD ?? "waymark-demo-2026" },
    chromium: { type: "string", default: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
    help: { type: "boolean", default: false },
  },
});
if (opts.help || !opts["base-url"]) {
  console.error(
    "usage: node bench/canvas/canvas-bench.mjs --base-url <url> [--runs 5] [--nodes 300]\n" +
      "         [--viewport 1440x900] [--drag-steps 60] [--email ...] [--password ...] [--chromium path]",
  );
  process.exit(opts.help ? 0 : 2);
}
const baseUrl = opts["base-url"].replace(/\/+$/, "");
const RUNS = Number(opts.runs);
const NODES = Number(opts.nodes);
const DRAG_STEPS = Number(opts["drag-steps"]);
const [VW, VH] = opts.viewport.split("x").map(Number);
if (!(RUNS >= 1) || !(NODES >= 10) || !(DRAG_STEPS >= 2) || !VW || !VH) {
  console.error("bad --runs, --nodes, --drag-steps or --viewport");
  process.exit(2);
}

// ---------------------------------------------------------------------------------------
// The journey: one trigger, then blocks of wait -> condition -> (yes: email -> next block,
// no: email -> end), laid out as a grid of blocks, then a tail that brings the count to
// exactly NODES and ends in a `flow.end`. Every node is reachable and every exit is wired.

function buildDefinition(total, emailTemplates) {
  const nodes = [];
  const edges = [];
  const tpl = (i) => emailTemplates[i % emailTemplates.length];
  const node = (kind, id, label, x, y, config) => {
    nodes.push({ kind, id, label, position: { x, y }, config });
    return id;
  };
  const edge = (source, handle, target) =>
    edges.push({ id: `${source}--${handle}`, source, source_handle: handle, target });

  const COLS = 7;
  const BLOCK_W = 600;
  const BLOCK_H = 600;
  let last = node("trigger.event", "start", "Order placed", 0, -160, {
    event_name: "order.placed",
  });
  let lastHandle = "next";
  let i = 0;
  // Leave room for the tail (at least a wait and the final end).
  while (nodes.length + 5 <= total - 2) {
    const bx = (i % COLS) * BLOCK_W;
    const by = Math.floor(i / COLS) * BLOCK_H;
    const wait = node("flow.wait_duration", `b${i}-wait`, `Wait ${(i % 6) + 1} days`, bx, by, {
      duration: { amount: (i % 6) + 1, unit: "days" },
    });
    edge(last, lastHandle, wait);
    const cond = node("flow.condition", `b${i}-cond`, `Opened email? (${i})`, bx, by + 140, {
      condition: {
        type: "group",
        op: "all",
        rules: [{ type: "contact_field", field: "email", operator: "is_set" }],
      },
    });
    edge(wait, "next", cond);
    const yes = node("action.send_email", `b${i}-yes`, `Follow-up ${i}`, bx, by + 280, {
      template: tpl(i),
    });
    const no = node("action.send_email", `b${i}-no`, `Reminder ${i}`, bx + 290, by + 280, {
      template: tpl(i + 1),
    });
    const end = node("flow.end", `b${i}-end`, `Done ${i}`, bx + 290, by + 420, {});
    edge(cond, "yes", yes);
    edge(cond, "no", no);
    edge(no, "next", end);
    last = yes;
    lastHandle = "next";
    i += 1;
  }
  // Tail: alternate wait / email under the last block until one slot is left, then end.
  const tx = ((i - 1) % COLS) * BLOCK_W;
  let ty = Math.floor((i - 1) / COLS) * BLOCK_H + 420;
  let t = 0;
  while (nodes.length < total - 1) {
    const id =
      t % 2 === 0
        ? node("flow.wait_duration", `tail-${t}`, "Wait 1 day", tx, ty, {
            duration: { amount: 1, unit: "days" },
          })
        : node("action.send_email", `tail-${t}`, `Last email ${t}`, tx, ty, { template: tpl(t) });
    edge(last, lastHandle, id);
    last = id;
    lastHandle = "next";
    ty += 140;
    t += 1;
  }
  const fin = node("flow.end", "finish", "Finished", tx, ty, {});
  edge(last, lastHandle, fin);
  return { nodes, edges };
}

// ---------------------------------------------------------------------------------------
// In-page instruments, installed before any page script runs.

function installInstruments() {
  window.__bench = { longTasks: [], frames: null };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch {
    window.__bench.longTaskUnsupported = true;
  }
  window.__benchStartFrames = () => {
    const frames = [];
    window.__bench.frames = frames;
    window.__bench.windowStart = performance.now();
    const tick = (ts) => {
      frames.push(ts);
      if (window.__bench.frames === frames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  window.__benchStopFrames = () => {
    const frames = window.__bench.frames ?? [];
    const start = window.__bench.windowStart;
    const end = performance.now();
    window.__bench.frames = null;
    const longTasks = window.__bench.longTasks.filter(
      (t) => t.start + t.duration >= start && t.start <= end,
    );
    return { frames, start, end, longTasks };
  };
}

function frameStats({ frames, start, end, longTasks }) {
  const deltas = [];
  for (let k = 1; k < frames.length; k += 1) deltas.push(frames[k] - frames[k - 1]);
  const span = frames.length > 1 ? frames[frames.length - 1] - frames[0] : 0;
  return {
    durationMs: end - start,
    frames: frames.length,
    fps: span > 0 ? ((frames.length - 1) * 1000) / span : 0,
    p50: percentile(deltas, 50),
    p95: percentile(deltas, 95),
    max: deltas.length ? Math.max(...deltas) : 0,
    longTasks: longTasks.length,
    longTaskMs: longTasks.reduce((s, t) => s + t.duration, 0),
  };
}

function percentile(values, p) {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

const median = (values) => percentile(values, 50);

// ---------------------------------------------------------------------------------------

async function api(page, method, url, body) {
  const me = await page.request.get(`${baseUrl}/api/v1/auth/me`);
  if (!me.ok()) throw new Error(`GET /api/v1/auth/me: ${me.status()} ${await me.text()}`);
  const { csrf_token: csrf } = await me.json();
  const res = await page.request.fetch(`${baseUrl}${url}`, {
    method,
    headers: { "X-CSRF-Token": csrf, "Content-Type": "application/json" },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** Signs in through the real staff sign-in page (selectors as in e2e/tests/support/auth.ts). */
async function signIn(page) {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole("heading", { level: 1, name: "Sign in to Waymark" }).waitFor();
  await page.getByLabel(/^Email/).fill(opts.email);
  await page.getByLabel(/^Password/).fill(opts.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !/\/login(\?|$)/.test(url.pathname + url.search), {
    timeout: 30_000,
  });
  await page.getByRole("banner").waitFor();
}

/** A point on the empty canvas (the pane itself, not a node, edge, minimap or control). */
async function emptyPanePoint(page) {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane");
    const r = pane.getBoundingClientRect();
    for (let fy = 0.5; fy < 0.95; fy += 0.03) {
      for (const sign of [1, -1]) {
        const y = r.top + r.height * (sign > 0 ? fy : 1 - fy);
        for (let fx = 0.3; fx < 0.7; fx += 0.02) {
          const x = r.left + r.width * fx;
          if (document.elementFromPoint(x, y) === pane) return { x, y };
        }
      }
    }
    return null;
  });
}

async function readZoom(page) {
  return page.evaluate(() => {
    const vp = document.querySelector(".react-flow__viewport");
    const m = vp && getComputedStyle(vp).transform.match(/matrix\(([^,]+)/);
    return m ? Number(m[1]) : 1;
  });
}

/** Drags the node nearest the canvas centre towards its top-left, recording frames. */
async function dragNearestNode(page, pane) {
  const target = await page.evaluate(() => {
    const r = document.querySelector(".react-flow__pane").getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    let best = null;
    for (const el of document.querySelectorAll(".react-flow__node")) {
      const b = el.getBoundingClientRect();
      const x = b.left + b.width / 2;
      const y = b.top + b.height / 2;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (!best || d < best.d) best = { d, x, y, id: el.dataset.id };
    }
    return best;
  });
  const from = { x: target.x, y: target.y };
  const to = { x: pane.x + pane.width * 0.15, y: pane.y + pane.height * 0.2 };
  await page.mouse.move(from.x, from.y);
  await page.evaluate(() => window.__benchStartFrames());
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: DRAG_STEPS });
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const stats = frameStats(await page.evaluate(() => window.__benchStopFrames()));
  const moved = await page.evaluate((id) => {
    const b = document.querySelector(`.react-flow__node[data-id="${id}"]`).getBoundingClientRect();
    return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  }, target.id);
  const movedPx = Math.hypot(moved.x - from.x, moved.y - from.y);
  if (movedPx < 0.5 * Math.hypot(to.x - from.x, to.y - from.y)) {
    throw new Error(`node ${target.id} moved only ${movedPx.toFixed(0)} px: the drag missed it`);
  }
  return { stats, movedPx };
}

async function oneRun(browser, storageState, journeyId, runIndex) {
  const context = await browser.newContext({
    storageState,
    viewport: { width: VW, height: VH },
    deviceScaleFactor: 1,
  });
  await context.addInitScript(installInstruments);
  const page = await context.newPage();
  try {
    // --- open: navigation start -> all nodes in the DOM and measured (visible) -------
    const started = Date.now();
    await page.goto(`${baseUrl}/journeys/${journeyId}`, { waitUntil: "commit" });
    const renderedAt = await page.waitForFunction(
      (n) => {
        const els = document.querySelectorAll(".react-flow__node");
        if (els.length !== n) return false;
        for (const el of els) if (el.style.visibility === "hidden") return false;
        return performance.now(); // ms since this document's navigation started
      },
      NODES,
      { polling: "raf", timeout: 120_000 },
    );
    const openMs = await renderedAt.jsonValue();
    const wallOpenMs = Date.now() - started;
    const loadInfo = await page.evaluate(
      (t) => ({
        edges: document.querySelectorAll(".react-flow__edge").length,
        longTasks: window.__bench.longTasks.filter((x) => x.start <= t).length,
        longTaskMs: window.__bench.longTasks
          .filter((x) => x.start <= t)
          .reduce((s, x) => s + x.duration, 0),
      }),
      openMs,
    );
    // Let fitView and fonts settle before interacting.
    await page.waitForTimeout(1000);
    loadInfo.fitZoom = await readZoom(page);

    // --- idle baseline: what the frame clock gives with nothing happening -------------
    await page.evaluate(() => window.__benchStartFrames());
    await page.waitForTimeout(1000);
    const idle = frameStats(await page.evaluate(() => window.__benchStopFrames()));

    // --- drag one node (the one nearest the canvas centre) across the canvas ----------
    const pane = await page.locator(".react-flow__pane").boundingBox();
    const { stats: drag, movedPx: dragMovedPx } = await dragNearestNode(page, pane);
    await page.waitForTimeout(500);

    // --- pan: drag the empty canvas, whole viewport moves ----------------------------
    const p = await emptyPanePoint(page);
    let pan = null;
    if (p) {
      await page.mouse.move(p.x, p.y);
      await page.evaluate(() => window.__benchStartFrames());
      await page.mouse.down();
      await page.mouse.move(p.x - pane.width * 0.3, p.y - pane.height * 0.25, {
        steps: DRAG_STEPS,
      });
      await page.mouse.up();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
      pan = frameStats(await page.evaluate(() => window.__benchStopFrames()));
      await page.waitForTimeout(500);
    }

    // --- zoom: mouse wheel in, then out, at ~60 events per second --------------------
    const cx = pane.x + pane.width / 2;
    const cy = pane.y + pane.height / 2;
    await page.mouse.move(cx, cy);
    await page.evaluate(() => window.__benchStartFrames());
    for (const dy of [-100, 100]) {
      for (let k = 0; k < 30; k += 1) {
        await page.mouse.wheel(0, dy);
        await page.waitForTimeout(16);
      }
    }
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    const zoom = frameStats(await page.evaluate(() => window.__benchStopFrames()));
    await page.waitForTimeout(500);

    // --- the same node drag at working zoom (~100%): fewer pixels, same 300 nodes ----
    for (let k = 0; k < 80 && (await readZoom(page)) < 0.95; k += 1) {
      await page.mouse.wheel(0, -100);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(500);
    const zoomedTo = await readZoom(page);
    const { stats: drag100 } = await dragNearestNode(page, pane);

    const run = { openMs, wallOpenMs, ...loadInfo, idle, drag, dragMovedPx };
    Object.assign(run, { pan, zoom, drag100, zoomedTo });
    console.log(
      `run ${runIndex + 1}/${RUNS}: open ${openMs.toFixed(0)} ms, ` +
        `drag ${drag.fps.toFixed(1)} fps (p95 ${drag.p95.toFixed(1)} ms, ${drag.longTasks} long tasks), ` +
        `pan ${pan ? pan.fps.toFixed(1) : "-"} fps, zoom ${zoom.fps.toFixed(1)} fps, ` +
        `drag at zoom ${zoomedTo.toFixed(2)} ${drag100.fps.toFixed(1)} fps`,
    );
    return run;
  } finally {
    await context.close();
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: opts.chromium,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const context = await browser.newContext({ viewport: { width: VW, height: VH } });
    const page = await context.newPage();
    await signIn(page);

    const catalog = await api(page, "GET", "/api/v1/journeys/catalog");
    const templates = catalog.email_templates.map((t) => t.name);
    if (!templates.length)
      throw new Error("the catalog has no email templates: seed the demo data");
    const definition = buildDefinition(NODES, templates);
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const journey = await api(page, "POST", "/api/v1/journeys", {
      name: `Canvas bench ${NODES} nodes ${stamp}`,
      description: "Created by bench/canvas/canvas-bench.mjs (issue #4).",
      definition,
    });
    const problems = journey.problems ?? [];
    console.log(
      `journey ${journey.id}: ${definition.nodes.length} nodes, ${definition.edges.length} edges, ` +
        `${problems.length} validation problems`,
    );
    for (const pr of problems.slice(0, 5)) console.log(`  problem: ${JSON.stringify(pr)}`);
    const storageState = await context.storageState();

    const runs = [];
    for (let r = 0; r < RUNS; r += 1) {
      // Put the draft back as created, so every run drags the same layout (the editor
      // autosaves the moved node).
      const current = await api(page, "GET", `/api/v1/journeys/${journey.id}`);
      await api(page, "PUT", `/api/v1/journeys/${journey.id}/draft`, {
        revision: current.draft_revision,
        definition,
      });
      runs.push(await oneRun(browser, storageState, journey.id, r));
    }
    await context.close();
    report(runs, browser.version(), journey.id);
  } finally {
    await browser.close();
  }
}

function report(runs, chromiumVersion, journeyId) {
  const m = (f) => median(runs.map(f).filter((v) => v !== null && v !== undefined));
  const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : "-");
  const openMs = m((r) => r.openMs);
  const openLong = `${fmt(
    m((r) => r.longTasks),
    0,
  )} / ${fmt(
    m((r) => r.longTaskMs),
    0,
  )} ms`;
  const rows = [
    ["open: navigation -> all nodes rendered", `${fmt(openMs, 0)} ms`],
    ["open: long tasks before rendered (count / total)", openLong],
    ["idle frame rate (ceiling of this browser)", `${fmt(m((r) => r.idle.fps))} fps`],
  ];
  for (const [name, key] of [
    [`drag one node (${DRAG_STEPS} mouse steps)`, "drag"],
    [`pan: drag the empty canvas (${DRAG_STEPS} steps)`, "pan"],
    ["zoom: 60 wheel events, in then out", "zoom"],
    [`drag one node at ~100% zoom (${DRAG_STEPS} steps)`, "drag100"],
  ]) {
    const ok = runs.filter((r) => r[key]);
    if (!ok.length) {
      rows.push([name, "not measured (no empty canvas point found)"]);
      continue;
    }
    const g = (f) => median(ok.map((r) => f(r[key])));
    rows.push([`${name}: frames per second`, `${fmt(g((s) => s.fps))} fps`]);
    rows.push([
      `${name}: frame time p50 / p95 / max`,
      `${fmt(g((s) => s.p50))} / ${fmt(g((s) => s.p95))} / ${fmt(g((s) => s.max))} ms`,
    ]);
    rows.push([
      `${name}: long tasks > 50 ms (count / total)`,
      `${fmt(
        g((s) => s.longTasks),
        0,
      )} / ${fmt(
        g((s) => s.longTaskMs),
        0,
      )} ms`,
    ]);
    rows.push([
      `${name}: duration`,
      `${fmt(
        g((s) => s.durationMs),
        0,
      )} ms`,
    ]);
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  const cpu = os.cpus();
  console.log("");
  console.log(
    `Canvas benchmark: ${NODES}-node journey ${journeyId}, ${fmt(
      m((r) => r.edges),
      0,
    )} edges rendered, ` +
      `fit zoom ${fmt(
        m((r) => r.fitZoom),
        3,
      )} (drag at ~100% ran at ${fmt(
        m((r) => r.zoomedTo),
        2,
      )}), median of ${runs.length} runs`,
  );
  console.log(
    `machine: ${cpu.length} cores (${cpu[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `${os.platform()} ${os.release()}; Chromium ${chromiumVersion} headless, --disable-gpu; ` +
      `viewport ${VW}x${VH}; Node ${process.versions.node}`,
  );
  console.log(`${"figure".padEnd(w)} | value`);
  console.log(`${"-".repeat(w)} | -----`);
  for (const [k, v] of rows) console.log(`${k.padEnd(w)} | ${v}`);
  console.log("");
  console.log(
    `per run open (ms): ${runs.map((r) => r.openMs.toFixed(0)).join(", ")}; ` +
      `drag fps: ${runs.map((r) => r.drag.fps.toFixed(1)).join(", ")}; ` +
      `node moved ${fmt(
        m((r) => r.dragMovedPx),
        0,
      )} px`,
  );
}

await main();
