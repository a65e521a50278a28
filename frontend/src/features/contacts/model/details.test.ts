import { describe, expect, it } from "vitest";
import type { Contact } from "../types";
import { changesFrom, formFrom, parseValue } from "./details";

const ADA: Contact = {
  id: "c1",
  name: "Ada Lovelace",
  email: "ada@example.com",
  phone: null,
  external_id: "cust-1001",
  tags: [],
  score: 0,
  owner: null,
  created_at: "2026-11-23T10:00:00Z",
  updated_at: "2026-11-23T10:00:00Z",
  timezone: "Europe/London",
  locale: null,
  birthday: "1815-12-10",
  attributes: { region: "north", visits: 12 },
  consent: [],
};

describe("the contact details form", () => {
  it("sends nothing when nothing changed", () => {
    expect(changesFrom(ADA, formFrom(ADA))).toEqual({});
  });

  it("sends changed fields, clears emptied ones, merges attributes", () => {
    const form = formFrom(ADA);
    form.locale = "en-GB";
    form.email = " ";
    form.attributes = [
      { key: "visits", value: "13" },
      { key: "plan", value: "gold" },
      { key: "", value: "ignored" },
    ];
    expect(changesFrom(ADA, form)).toEqual({
      email: null,
      locale: "en-GB",
      attributes: { visits: 13, plan: "gold", region: null },
    });
  });

  it.each([
    ["12", 12],
    ["true", true],
    ['["a"]', ["a"]],
    ["north", "north"],
    ['"quoted"', '"quoted"'],
    ["", ""],
  ])("reads %s as %j", (raw, value) => {
    expect(parseValue(raw)).toEqual(value);
  });
});
