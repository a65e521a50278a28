import { describe, expect, it } from "vitest";
import { formatDuration } from "./durations";

describe("formatDuration", () => {
  it.each([
    [null, "—"],
    [0, "0 s"],
    [44.6, "45 s"],
    [60, "1 min"],
    [719, "12 min"],
    [3600, "1 h"],
    [12_600, "3.5 h"],
    [43_200, "12 h"],
    [86_400, "1 d"],
    [181_440, "2.1 d"],
    [1_209_600, "14 d"],
  ])("%s s → %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
