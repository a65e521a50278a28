import { describe, expect, it } from "vitest";
import type { JourneyNode } from "@/types/generated/journey";
import type { Catalog } from "@/types/generated/journey-catalog";
import table from "../../../../../tests/contract/node-exits.json";
import { exitsOf, humanize } from "./exits";
import { NODE_KINDS } from "./node-kinds";

/**
 * The same rows tests/unit/test_node_exits.py checks backend/app/engine/exits.py against:
 * both read the kinds' rules from schemas/node-exits.json, and neither may read them
 * differently.
 */
const node = (kind: string, config: unknown) =>
  ({ kind, config }) as unknown as Pick<JourneyNode, "kind" | "config">;

describe("exitsOf reads schemas/node-exits.json as the backend does", () => {
  it.each(table.cases.map((row, index) => [index, row.kind, row] as const))(
    "row %i: %s",
    (_index, kind, row) => {
      expect(exitsOf(node(kind, row.config), row.catalog as Catalog | null)).toEqual(row.exits);
    },
  );

  it("the table has a row for every kind of the palette", () => {
    expect(new Set(table.cases.map((row) => row.kind))).toEqual(new Set(NODE_KINDS));
  });

  it("a node whose config is still being drawn has no exits from its missing lists", () => {
    expect(exitsOf(node("flow.switch", {}))).toEqual([
      { id: "default", label: "Otherwise", required: true },
    ]);
    expect(exitsOf(node("flow.random_split", undefined))).toEqual([]);
    expect(exitsOf(node("action.create_job", { job_type: "x" }))).toEqual([
      { id: "cancelled", label: "Job cancelled", required: false },
    ]);
  });

  it("humanizes ids", () => {
    expect(humanize("apply_discount")).toBe("Apply discount");
    expect(humanize("")).toBe("");
  });
});
