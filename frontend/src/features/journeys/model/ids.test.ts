import schema from "@schemas/journey.schema.json";
import { describe, expect, it } from "vitest";
import { edgeId, newNodeId } from "./ids";
import { NODE_KINDS } from "./node-kinds";

const defs = schema.$defs as unknown as Record<
  string,
  { properties: Record<string, { pattern: string; maxLength: number }> }
>;
const nodeIdPattern = new RegExp(defs.EventTrigger?.properties.id?.pattern ?? "");
const edgeIdPattern = new RegExp(defs.Edge?.properties.id?.pattern ?? "");

describe("ids match the schema", () => {
  it.each(NODE_KINDS)("a new %s id", (kind) => {
    const id = newNodeId(kind, new Set());
    expect(id).toMatch(nodeIdPattern);
    expect(id.length).toBeLessThanOrEqual(64);
  });

  it("edge ids, even for long node ids", () => {
    expect(edgeId("send-email-abcde", "next", "wait-duration-xyz12")).toMatch(edgeIdPattern);
    const long = edgeId("a".repeat(60), "promised_to_pay", "b".repeat(60));
    expect(long).toMatch(edgeIdPattern);
    expect(long.length).toBeLessThanOrEqual(64);
  });
});
