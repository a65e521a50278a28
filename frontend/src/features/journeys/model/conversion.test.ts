import { describe, expect, it } from "vitest";
import type { JourneyDefinition } from "@/types/generated/journey";
import { definitionToGraph, graphToDefinition } from "./conversion";
import type { CanvasEdge, CanvasNode } from "./graph";

const trigger = {
  kind: "trigger.event",
  id: "start",
  label: "Payment missed",
  position: { x: 0, y: 0 },
  config: { event_name: "payment.missed" },
} as const;
const email = {
  kind: "action.send_email",
  id: "email",
  label: "Reminder",
  position: { x: 0, y: 140 },
  config: { template: "payment_reminder" },
} as const;
const cond = {
  kind: "flow.condition",
  id: "opened",
  label: "Opened?",
  position: { x: 0, y: 280 },
  config: { condition: { type: "group", op: "all", rules: [] } },
} as const;
const end = {
  kind: "flow.end",
  id: "end",
  label: "End",
  position: { x: 0, y: 420 },
  config: {},
} as const;

const def = (nodes: unknown[], edges: unknown[] = [], settings?: unknown) =>
  ({ nodes, edges, ...(settings ? { settings } : {}) }) as JourneyDefinition;
const e = (id: string, source: string, handle: string, target: string) => ({
  id,
  source,
  source_handle: handle,
  target,
});

describe("definition → graph → definition round-trips", () => {
  it.each([
    ["an empty journey", def([])],
    ["one trigger", def([trigger])],
    [
      "a chain",
      def(
        [trigger, email, end],
        [e("1", "start", "next", "email"), e("2", "email", "next", "end")],
      ),
    ],
    [
      "a condition with both exits",
      def(
        [trigger, cond, email, end],
        [
          e("1", "start", "next", "opened"),
          e("2", "opened", "yes", "end"),
          e("3", "opened", "no", "email"),
        ],
      ),
    ],
    ["settings kept", def([trigger], [], { reentry: { rule: "never" } })],
  ])("%s", (_name, definition) => {
    const graph = definitionToGraph(definition);
    const back = graphToDefinition(graph.nodes, graph.edges, definition.settings);
    expect(back.errors).toEqual([]);
    expect(back.definition).toEqual(definition);
  });

  it("maps kinds to node types and handles to sourceHandle", () => {
    const graph = definitionToGraph(def([trigger, end], [e("1", "start", "next", "end")]));
    expect(graph.nodes[0]).toMatchObject({
      id: "start",
      type: "trigger.event",
      data: { label: "Payment missed" },
    });
    expect(graph.edges[0]).toEqual({
      id: "1",
      source: "start",
      target: "end",
      sourceHandle: "next",
    });
  });

  it("fills a missing optional config with the kind's defaults", () => {
    const graph = definitionToGraph(
      def([{ kind: "flow.end", id: "x", label: "", position: { x: 0, y: 0 } }]),
    );
    expect(graph.nodes[0]?.data.config).toEqual({});
  });

  it("treats a null definition as empty", () => {
    expect(definitionToGraph(null)).toEqual({ nodes: [], edges: [] });
  });
});

describe("graphToDefinition reports per-node errors", () => {
  const nodeOf = (id: string, type = "flow.end", x = 0.4) =>
    ({
      id,
      type,
      position: { x, y: 10.6 },
      data: { label: id, config: {} },
    }) as unknown as CanvasNode;
  const edge = (id: string, source: string, target: string, sourceHandle = "next") =>
    ({ id, source, target, sourceHandle }) as CanvasEdge;

  it.each([
    ["an unknown kind", [nodeOf("a", "flow.teleport")], [], [{ node_id: "a" }]],
    ["a duplicate id", [nodeOf("a"), nodeOf("a")], [], [{ node_id: "a" }]],
    ["an edge to a missing node", [nodeOf("a")], [edge("x", "a", "gone")], [{ edge_id: "x" }]],
    [
      "an edge without exit",
      [nodeOf("a"), nodeOf("b")],
      [edge("x", "a", "b", "")],
      [{ edge_id: "x", node_id: "a" }],
    ],
    ["nothing wrong", [nodeOf("a"), nodeOf("b")], [edge("x", "a", "b")], []],
  ])("%s", (_name, nodes, edges, expected) => {
    const { errors } = graphToDefinition(nodes as CanvasNode[], edges as CanvasEdge[]);
    expect(errors).toEqual(expected.map((x) => expect.objectContaining(x)));
  });

  it("rounds positions and leaves out what it reported", () => {
    const { definition } = graphToDefinition([nodeOf("a"), nodeOf("a")], [edge("x", "a", "gone")]);
    expect(definition.nodes).toHaveLength(1);
    expect(definition.nodes?.[0]?.position).toEqual({ x: 0, y: 11 });
    expect(definition.edges).toEqual([]);
  });
});
