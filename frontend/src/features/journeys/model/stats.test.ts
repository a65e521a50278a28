import { describe, expect, it } from "vitest";
import { activityLine, formatCount, type JourneyStats, nodeOverlay } from "./stats";

const stats: JourneyStats = {
  nodes: {
    check: { entered: 12, waiting: 3, exits: { yes: 7, no: 2 } },
    quiet: { entered: 0, waiting: 0, exits: { next: 0 } },
    waiting_only: { entered: 0, waiting: 4, exits: {} },
    big: { entered: 12345, waiting: 0, exits: { next: 12000 } },
  },
};

describe("activityLine", () => {
  it("says how many entered and wait now", () => {
    expect(activityLine({ entered: 12, waiting: 3 })).toBe("12 entered · 3 waiting now");
    expect(activityLine({ entered: 5, waiting: 0 })).toBe("5 entered · 0 waiting now");
    expect(activityLine({ entered: 0, waiting: 2 })).toBe("0 entered · 2 waiting now");
  });

  it("is null when nothing happened", () => {
    expect(activityLine({ entered: 0, waiting: 0 })).toBeNull();
  });

  it("groups large numbers and ignores nonsense", () => {
    expect(formatCount(12345)).toBe("12,345");
    expect(formatCount(-3)).toBe("0");
    expect(formatCount(Number.NaN)).toBe("0");
  });
});

describe("nodeOverlay", () => {
  it("maps a node's counts onto the exits the card draws", () => {
    expect(nodeOverlay(stats, "check", ["yes", "no"])).toEqual({
      line: "12 entered · 3 waiting now",
      exits: { yes: 7, no: 2 },
    });
  });

  it("counts an exit the stats do not mention as 0 and drops exits the card lacks", () => {
    expect(nodeOverlay(stats, "waiting_only", ["next"])).toEqual({
      line: "0 entered · 4 waiting now",
      exits: { next: 0 },
    });
    expect(nodeOverlay(stats, "check", ["yes"])?.exits).toEqual({ yes: 7 });
    expect(nodeOverlay(stats, "big", ["next"])?.line).toBe("12,345 entered · 0 waiting now");
  });

  it("shows nothing for a quiet node, an unsaved new node, or without stats", () => {
    expect(nodeOverlay(stats, "quiet", ["next"])).toBeNull();
    expect(nodeOverlay(stats, "new_node_not_saved", ["next"])).toBeNull();
    expect(nodeOverlay(undefined, "check", ["yes"])).toBeNull();
    expect(nodeOverlay(null, "check", ["yes"])).toBeNull();
  });
});
