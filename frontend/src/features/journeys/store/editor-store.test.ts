import { beforeEach, describe, expect, it } from "vitest";
import { continuation, useEditorStore } from "./editor-store";

const store = () => useEditorStore.getState();
const edges = () => store().edges.map((e) => `${e.source}.${e.sourceHandle}→${e.target}`);
const kindOf = (id: string) => store().nodes.find((n) => n.id === id)?.type;

beforeEach(() => {
  store().load(null);
});

describe("adding steps where they continue the journey", () => {
  it("chains palette picks: each step below the selected one, connected from its free exit", () => {
    const trigger = store().addStep("trigger.event");
    const wait = store().addStep("flow.wait_duration");
    const condition = store().addStep("flow.condition");
    expect(edges()).toEqual([`${trigger}.next→${wait}`, `${wait}.next→${condition}`]);
    const y = (id: string) => store().nodes.find((n) => n.id === id)?.position.y ?? 0;
    expect(y(trigger)).toBeLessThan(y(wait));
    expect(y(wait)).toBeLessThan(y(condition));
    // The new step is the selected one: the next pick continues from it.
    expect(
      store()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual([condition]);
  });

  it("fills a branch's exits in order: yes, then no", () => {
    const condition = store().addStep("flow.condition");
    const email = store().addStep("action.send_email");
    store().select(condition);
    const end = store().addStep("flow.end");
    expect(edges()).toEqual([`${condition}.yes→${email}`, `${condition}.no→${end}`]);
  });

  it("adds a step after a chosen exit (the “+” on a card)", () => {
    const condition = store().addStep("flow.condition");
    const end = store().addStep("flow.end", { source: condition, handle: "no" });
    expect(edges()).toEqual([`${condition}.no→${end}`]);
  });

  it("never connects into a trigger: a second trigger goes beside the first", () => {
    const first = store().addStep("trigger.event");
    const second = store().addStep("trigger.segment_entered");
    expect(edges()).toEqual([]);
    const [a, b] = [first, second].map((id) => store().nodes.find((n) => n.id === id)?.position);
    expect(b?.y).toBe(a?.y);
    expect(b?.x).not.toBe(a?.x);
  });

  it("continues from nothing when the selected step's exits are all used", () => {
    const wait = store().addStep("flow.wait_duration");
    store().addStep("flow.end");
    store().select(wait);
    expect(continuation(store())).toEqual({ source: wait, handle: "next" });
    const third = store().addStep("flow.end");
    expect(edges().filter((e) => e.endsWith(third))).toEqual([]);
  });
});

describe("inserting into a connection", () => {
  it("puts the step between, connected both ways, and moves the rest down", () => {
    const trigger = store().addStep("trigger.event");
    const end = store().addStep("flow.end");
    const before = store().nodes.find((n) => n.id === end)?.position.y ?? 0;
    const edge = store().edges[0]?.id ?? "";
    const wait = store().insertOnEdge(edge, "flow.wait_duration");
    expect(kindOf(wait ?? "")).toBe("flow.wait_duration");
    expect(edges()).toEqual([`${trigger}.next→${wait}`, `${wait}.next→${end}`]);
    expect(store().nodes.find((n) => n.id === end)?.position.y).toBeGreaterThan(before);
  });

  it("is one undo step", () => {
    store().addStep("trigger.event");
    store().addStep("flow.end");
    store().insertOnEdge(store().edges[0]?.id ?? "", "flow.wait_duration");
    store().undo();
    expect(store().nodes).toHaveLength(2);
    expect(edges()).toHaveLength(1);
  });
});

describe("choosing an exit's next step (the keyboard's way to connect)", () => {
  it("connects, reconnects and disconnects an exit", () => {
    const condition = store().addStep("flow.condition");
    const a = store().addStep("flow.end", { source: condition, handle: "yes" });
    const b = store().addStep("flow.end", { source: condition, handle: "no" });
    store().setExitTarget(condition, "no", a);
    expect(edges()).toEqual([`${condition}.yes→${a}`, `${condition}.no→${a}`]);
    store().setExitTarget(condition, "yes", null);
    expect(edges()).toEqual([`${condition}.no→${a}`]);
    store().undo();
    expect(edges()).toContain(`${condition}.yes→${a}`);
    expect(b).toBeTruthy();
  });

  it("keeps journey settings in the undo history", () => {
    store().updateSettings({ reentry: { rule: "always" } });
    expect(store().settings?.reentry?.rule).toBe("always");
    store().undo();
    expect(store().settings?.reentry).toBeUndefined();
  });
});
