// @vitest-environment node
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { findDrift, generate, main, withoutFieldTitles } from "./gen-types.mjs";

const journeyNode = {
  $id: "journey-node.schema.json",
  $ref: "#/$defs/JourneyNode",
  $defs: {
    JourneyNode: { anyOf: [{ $ref: "#/$defs/Wait" }, { $ref: "#/$defs/End" }] },
    Wait: {
      title: "Wait",
      type: "object",
      additionalProperties: false,
      properties: { kind: { enum: ["wait"] }, seconds: { type: "integer" } },
      required: ["kind", "seconds"],
    },
    End: {
      title: "End",
      type: "object",
      additionalProperties: false,
      properties: { kind: { enum: ["end"] } },
      required: ["kind"],
    },
  },
};

let root;
let schemas;
let out;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "gen-types-"));
  schemas = path.join(root, "schemas");
  out = path.join(root, "generated");
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeSchema(name, schema) {
  await mkdir(schemas, { recursive: true });
  await writeFile(path.join(schemas, `${name}.schema.json`), JSON.stringify(schema));
}

const run = (...args) => main(["--schemas", schemas, "--out", out, ...args]);

describe("gen-types", () => {
  it("treats a missing schemas folder as no schemas", async () => {
    expect((await generate(schemas)).size).toBe(0);
    expect(await run("--check")).toBe(0);
  });

  it("writes <name>.ts with a do-not-edit banner and the tagged union", async () => {
    await writeSchema("journey-node", journeyNode);

    expect(await run()).toBe(0);

    const source = await readFile(path.join(out, "journey-node.ts"), "utf8");
    expect(source).toMatch(/^\/\*\*\n \* Generated from schemas\/journey-node\.schema\.json/);
    expect(source).toContain("do not edit");
    expect(source).toContain("export type JourneyNode = Wait | End;");
    expect(source).toContain('kind: "wait";');
    expect(await run("--check")).toBe(0);
  });

  it("reports files that differ, are missing or are extra", async () => {
    await writeSchema("journey-node", journeyNode);
    await writeSchema("event-envelope", { title: "EventEnvelope", type: "object" });
    await run();
    await writeFile(path.join(out, "journey-node.ts"), "// edited by hand\n");
    await rm(path.join(out, "event-envelope.ts"));
    await writeFile(path.join(out, "stale.ts"), "export {};\n");

    const drift = await findDrift(await generate(schemas), out);

    expect(drift).toEqual([
      `missing: ${path.join(out, "event-envelope.ts")}`,
      `differs: ${path.join(out, "journey-node.ts")}`,
      `extra:   ${path.join(out, "stale.ts")}`,
    ]);
    expect(await run("--check")).toBe(1);
  });

  it("removes generated files whose schema is gone", async () => {
    await writeSchema("journey-node", journeyNode);
    await run();
    await rm(path.join(schemas, "journey-node.schema.json"));

    await run();

    expect(await findDrift(new Map(), out)).toEqual([]);
  });

  it("keeps field titles out of type names (they are form labels)", async () => {
    await writeSchema("wait", {
      title: "Wait",
      type: "object",
      additionalProperties: false,
      properties: {
        duration: { title: "Wait for", $ref: "#/$defs/Duration" },
        title: { title: "Title", type: "string" },
      },
      required: ["duration", "title"],
      $defs: {
        Duration: {
          title: "Duration",
          type: "object",
          additionalProperties: false,
          properties: { amount: { title: "How many", type: "integer" } },
          required: ["amount"],
        },
      },
    });

    const source = (await generate(schemas)).get("wait.ts");

    expect(source).toContain("duration: Duration;");
    expect(source).toContain("title: string;");
    expect(source).toContain("amount: number;");
    expect(source).not.toMatch(/type (HowMany|WaitFor|Title) =/);
    expect(withoutFieldTitles({ properties: { x: { title: "X" } } }, true)).toEqual({
      properties: { x: {} },
    });
  });
});
