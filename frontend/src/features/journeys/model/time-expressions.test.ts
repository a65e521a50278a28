import { describe, expect, it } from "vitest";
import {
  describeCron,
  describeTimeZone,
  describeWaitUntilDate,
  describeWaitUntilTime,
  describeWeekdays,
  timeZoneOptions,
} from "./time-expressions";

describe("weekdays in words", () => {
  it.each([
    [[], "every day"],
    [undefined, "every day"],
    [["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "every day"],
    [["fri", "mon", "thu", "tue", "wed"], "Mon–Fri"],
    [["sat", "sun"], "Sat, Sun"],
    [["mon", "wed", "fri"], "Mon, Wed, Fri"],
    [["wed", "wed"], "Wed"],
  ])("%j → %s", (days, text) => {
    expect(describeWeekdays(days)).toBe(text);
  });
});

describe("waits in words", () => {
  it.each([
    [
      { date_field: "object.starts_at", offset: { amount: 1, unit: "days" as const }, at: "09:00" },
      "Until 1 day before object.starts_at, at 09:00 in each contact's own time zone. If the date is missing or has passed, the contact goes on at once.",
    ],
    [
      {
        date_field: "contact.birthday",
        offset: { amount: 2, unit: "weeks" as const },
        offset_direction: "after" as const,
        timezone: "Europe/London",
        when_passed: "end" as const,
      },
      "Until 2 weeks after contact.birthday, at the time it holds. If the date is missing or has passed, the contact leaves.",
    ],
    [
      {},
      "Until a date from the data, at the time it holds. If the date is missing or has passed, the contact goes on at once.",
    ],
  ])("until a date %#", (config, text) => {
    expect(describeWaitUntilDate(config)).toBe(text);
  });

  it.each([
    [{ at: "09:00" }, "Until the next 09:00, in each contact's own time zone."],
    [
      { at: "18:30", weekdays: ["sat", "sun"], timezone: "UTC" },
      "Until the next 18:30 on Sat, Sun, in UTC.",
    ],
  ])("until a time %#", (config, text) => {
    expect(describeWaitUntilTime(config)).toBe(text);
  });

  it("names the contact's zone in words", () => {
    expect(describeTimeZone("contact")).toBe("each contact's own time zone");
    expect(describeTimeZone("America/New_York")).toBe("America/New_York");
  });
});

describe("cron expressions", () => {
  it("reads a good one back in words", () => {
    const reading = describeCron("0 9 * * 1");
    expect(reading).toEqual({ text: expect.stringMatching(/09:00.*Monday/) });
  });

  it.each([["0 9 * *"], ["every monday"], ["0 9 * * 1 2"]])("refuses %s with a reason", (expr) => {
    expect(describeCron(expr)).toEqual({ error: expect.stringMatching(/five fields/) });
  });

  it("refuses out-of-range values", () => {
    expect(describeCron("99 9 * * 1")).toHaveProperty("error");
  });
});

describe("time zone options", () => {
  it("starts with the contact's own zone and UTC, and every value matches the engine's pattern", () => {
    const options = timeZoneOptions();
    expect(options.slice(0, 2).map((o) => o.value)).toEqual(["contact", "UTC"]);
    for (const o of options) {
      expect(o.value).toMatch(/^(contact|UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/);
    }
  });
});
