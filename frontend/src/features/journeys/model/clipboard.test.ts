import { describe, expect, it } from "vitest";
import { copySelection, PASTE_OFFSET, pasteGraph } from "./clipboard";
import type { CanvasEdge, CanvasNode } from "./graph";

const node = (id: string, selected = true) =>
  ({
    id,
    type: "action.send_email",
    selected,
    position: { x: 10, y: 20 },
    data: { label: id, config: { template: "t" } },
  }) as CanvasNode;
const edge = (source: string, target: string) =>
  ({ id: `${source}-${target}`, source, target, sourceHandle: "next" }) as CanvasEdge;

describe("copy/paste", () => {
  it("copies selected nodes and only the edges between them", () => {
    const copied = copySelection(
      [node("a"), node("b"), node("c", false)],
      [edge("a", "b"), edge("b", "c")],
    );
    expect(copied.nodes.map((n) => n.id)).toEqual(["a", "b"]);
    expect(copied.edges.map((e) => e.id)).toEqual(["a-b"]);
  });

  it("pastes with new ids, offset positions and remapped internal edges", () => {
    const clipboard = { nodes: [node("a"), node("b")], edges: [edge("a", "b")] };
    const pasted = pasteGraph(clipboard, new Set(["a", "b"]));
    const [a, b] = pasted.nodes;
    expect(a?.id).not.toBe("a");
    expect(b?.id).not.toBe("b");
    expect(new Set(pasted.nodes.map((n) => n.id)).size).toBe(2);
    expect(a?.id).toMatch(/^send-email-[a-z0-9]+$/);
    expect(a?.position).toEqual({ x: 10 + PASTE_OFFSET.x, y: 20 + PASTE_OFFSET.y });
    expect(pasted.edges).toHaveLength(1);
    expect(pasted.edges[0]).toMatchObject({ source: a?.id, target: b?.id, sourceHandle: "next" });
    expect(pasted.edges[0]?.id).not.toBe("a-b");
    // The clipboard itself is untouched.
    expect(clipboard.nodes[0]?.id).toBe("a");
    expect(a?.data).not.toBe(clipboard.nodes[0]?.data);
  });

  it("never reuses a taken id", () => {
    let calls = 0;
    // The first suffix collides with a taken id; the generator must try again.
    const random = () => (calls++ < 5 ? 0 : 0.5);
    const taken = new Set(["send-email-aaaaa"]);
    const pasted = pasteGraph({ nodes: [node("x")], edges: [] }, taken, PASTE_OFFSET, random);
    expect(pasted.nodes[0]?.id).not.toBe("send-email-aaaaa");
  });
});
