import { describe, expect, it } from "vitest";
import {
  formErrorsOf,
  parseProperties,
  toEnvelope,
  validateContact,
  validateEventName,
  validateTestEvent,
} from "./test-event";

describe("test event form", () => {
  it.each([
    ["order.placed", null],
    ["email_opened", null],
    ["", "Name the event, e.g. order.placed."],
    ["Order Placed", expect.stringContaining("Lower-case words joined by dots")],
    ["order..placed", expect.stringContaining("Lower-case words joined by dots")],
    ["1order", expect.stringContaining("starting with a letter")],
    ["a".repeat(121), "At most 120 characters."],
  ])("event name %j", (name, expected) => {
    expect(validateEventName(name)).toEqual(expected);
  });

  it("checks the contact identifier for its kind", () => {
    expect(validateContact("email", "ada@example.com")).toBeNull();
    expect(validateContact("email", "ada")).toBe("That is not an email address.");
    expect(validateContact("external_id", "  ")).toBe("Say who the event is about.");
    expect(validateContact("phone", "12")).toBe("At least 3 characters.");
  });

  it("reads properties as a JSON object and says where JSON breaks", () => {
    expect(parseProperties("")).toEqual({ ok: true, value: {} });
    expect(parseProperties('{"value": 120}')).toEqual({ ok: true, value: { value: 120 } });
    expect(parseProperties("[1]")).toEqual({
      ok: false,
      error: 'Properties must be a JSON object, like {"order_id": "ORD-1"}.',
    });
    const broken = parseProperties('{\n  "a": 1,\n  b: 2\n}');
    expect(broken).toEqual({ ok: false, error: "Not valid JSON at line 3, column 3." });
  });

  it("collects every field's problem at once", () => {
    expect(
      validateTestEvent({ name: "Bad", contactKind: "email", contact: "x", properties: "{" }),
    ).toEqual({
      name: expect.stringContaining("Lower-case"),
      contact: "That is not an email address.",
      properties: expect.stringMatching(/^Not valid JSON/),
    });
  });

  it("builds the envelope with the chosen identifier", () => {
    expect(
      toEnvelope({
        name: " order.placed ",
        contactKind: "external_id",
        contact: " cust-1 ",
        properties: '{"order_id": "ORD-1"}',
      }),
    ).toEqual({
      name: "order.placed",
      contact: { external_id: "cust-1" },
      properties: { order_id: "ORD-1" },
    });
  });

  it("puts the server's field errors beside the right boxes", () => {
    expect(
      formErrorsOf([
        { field: "contact.email", message: "Expected `str` matching regex" },
        { field: "properties", message: "Expected `object`, got `array`" },
        { field: "batch[0].name", message: "too long" },
        { field: "body", message: "ignored" },
      ]),
    ).toEqual({
      contact: "Expected `str` matching regex",
      properties: "Expected `object`, got `array`",
      name: "too long",
    });
  });
});
