import { describe, expect, it } from "vitest";
import type { JourneyDefinition } from "@/types/generated/journey";
import { dropLocalCopy, keepLocalCopy, offerLocalCopy, readLocalCopy } from "./local-copy";

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const empty = { nodes: [], edges: [] } as unknown as JourneyDefinition;
const oneStep = {
  nodes: [
    { id: "start", kind: "trigger.event", label: "Start", config: {}, position: { x: 0, y: 0 } },
  ],
  edges: [],
} as unknown as JourneyDefinition;

describe("the browser's copy of an unsaved draft", () => {
  it("keeps, reads back and drops a copy per journey", () => {
    const storage = memoryStorage();
    const copy = { baseRevision: 3, definition: oneStep, keptAt: "2026-11-23T03:00:00Z" };
    keepLocalCopy(storage, "j1", copy);
    expect(readLocalCopy(storage, "j1")).toEqual(copy);
    expect(readLocalCopy(storage, "j2")).toBeNull();
    dropLocalCopy(storage, "j1");
    expect(readLocalCopy(storage, "j1")).toBeNull();
  });

  it.each([
    ["not json"],
    [JSON.stringify({ baseRevision: "3" })],
    [JSON.stringify({ baseRevision: 1, keptAt: "x", definition: { nodes: 1 } })],
  ])("drops an unreadable copy %#", (raw) => {
    const storage = memoryStorage();
    storage.setItem("waymark:unsaved-journey:j1", raw);
    expect(readLocalCopy(storage, "j1")).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("survives storage that throws", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    };
    expect(() =>
      keepLocalCopy(broken, "j", { baseRevision: 1, definition: empty, keptAt: "" }),
    ).not.toThrow();
    expect(readLocalCopy(broken, "j")).toBeNull();
  });

  it.each([
    ["same base, different content: offered", 3, oneStep, true],
    ["same base, same content: not offered", 3, empty, false],
    ["someone saved since: not offered", 4, oneStep, false],
  ])("%s", (_, serverRevision, kept, offered) => {
    const copy = { baseRevision: 3, definition: kept, keptAt: "2026-11-23T03:00:00Z" };
    const result = offerLocalCopy(copy, { draft_revision: serverRevision, definition: empty });
    expect(result !== null).toBe(offered);
  });
});
