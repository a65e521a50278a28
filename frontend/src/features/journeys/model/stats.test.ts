import { describe, expect, it } from "vitest";
import {
  activityLine,
  formatCount,
  type JourneyStats,
  messageLine,
  type NodeCounts,
  nodeOverlay,
  notSentLine,
} from "./stats";

/** A step's counts as the server sends them: every number, 0 unless given. */
function step(counts: Partial<NodeCounts>): NodeCounts {
  return {
    entered: 0,
    waiting: 0,
    exits: {},
    sent: 0,
    opened: 0,
    clicked: 0,
    failed: 0,
    not_sent: {},
    refused: 0,
    ...counts,
  };
}

const stats: JourneyStats = {
  nodes: {
    check: step({ entered: 12, waiting: 3, exits: { yes: 7, no: 2 } }),
    quiet: step({ entered: 0, waiting: 0, exits: { next: 0 } }),
    waiting_only: step({ entered: 0, waiting: 4, exits: {} }),
    big: step({ entered: 12345, waiting: 0, exits: { next: 12000 } }),
    mail: step({
      entered: 9,
      waiting: 0,
      exits: { next: 9 },
      sent: 8,
      opened: 5,
      clicked: 2,
      failed: 1,
    }),
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
    expect(nodeOverlay(stats, "check", "flow.condition", ["yes", "no"])).toEqual({
      line: "12 entered · 3 waiting now",
      exits: { yes: 7, no: 2 },
      messages: null,
    });
  });

  it("counts an exit the stats do not mention as 0 and drops exits the card lacks", () => {
    expect(nodeOverlay(stats, "waiting_only", "flow.wait_duration", ["next"])).toEqual({
      line: "0 entered · 4 waiting now",
      exits: { next: 0 },
      messages: null,
    });
    expect(nodeOverlay(stats, "check", "flow.condition", ["yes"])?.exits).toEqual({ yes: 7 });
    expect(nodeOverlay(stats, "big", "flow.wait_duration", ["next"])?.line).toBe(
      "12,345 entered · 0 waiting now",
    );
  });

  it("shows nothing for a quiet node, an unsaved new node, or without stats", () => {
    expect(nodeOverlay(stats, "quiet", "flow.wait_duration", ["next"])).toBeNull();
    expect(nodeOverlay(stats, "new_node_not_saved", "flow.wait_duration", ["next"])).toBeNull();
    expect(nodeOverlay(undefined, "check", "flow.condition", ["yes"])).toBeNull();
    expect(nodeOverlay(null, "check", "flow.condition", ["yes"])).toBeNull();
  });
});

describe("what did not happen", () => {
  it("says why messages were not sent, by reason, largest first", () => {
    const counts = step({
      entered: 4,
      exits: { next: 4 },
      sent: 1,
      failed: 3,
      not_sent: { template_failed: 1, no_consent: 2, no_address: 0 },
    });
    expect(messageLine("action.send_sms", counts)).toBe(
      "1 sent · 3 failed (not sent: 2 no consent, 1 template failed)",
    );
    expect(notSentLine({})).toBeNull();
    expect(notSentLine(undefined)).toBeNull();
    expect(notSentLine({ delivery_failed: 1, something_new: 2 })).toBe(
      "2 something new, 1 delivery failed",
    );
  });

  it("counts contacts a trigger's re-entry rule refused on the trigger", () => {
    const refused: JourneyStats = {
      nodes: { placed: step({ entered: 5, exits: { next: 5 }, refused: 3 }) },
    };
    expect(nodeOverlay(refused, "placed", "trigger.event", ["next"])?.line).toBe(
      "5 entered · 0 waiting now · 3 refused (re-entry)",
    );
  });
});

describe("messageLine", () => {
  it("shows sent, opened, clicked and failed on an email step", () => {
    expect(nodeOverlay(stats, "mail", "action.send_email", ["next"])?.messages).toBe(
      "8 sent · 5 opened · 2 clicked · 1 failed",
    );
  });

  it("shows only sent and failed where nothing can be opened", () => {
    const counts = step({ entered: 3, sent: 2, failed: 1 });
    expect(messageLine("action.send_sms", counts)).toBe("2 sent · 1 failed");
    expect(messageLine("action.create_letter", counts)).toBe("2 sent · 1 failed");
    expect(messageLine("action.webhook", counts)).toBe("2 sent · 1 failed");
  });

  it("shows zero message numbers as 0 and is null for steps that send nothing", () => {
    expect(messageLine("action.send_email", step({ entered: 1 }))).toBe(
      "0 sent · 0 opened · 0 clicked · 0 failed",
    );
    expect(messageLine("flow.condition", step({ entered: 1, sent: 4 }))).toBe(null);
  });
});
