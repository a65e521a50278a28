import { describe, expect, it } from "vitest";
import { describeRenderError, dottedPathOn, fieldOfPart } from "./render-error";
import { parseSampleJson } from "./sample-json";

describe("describeRenderError", () => {
  const body = "<p>Hi {{ contact.first_name }}</p>\n<p>Your code: {{ event.coupon }}</p>";

  it("names the whole missing variable, the part and the line, and quotes the line", () => {
    const described = describeRenderError(
      {
        part: "html",
        line: 2,
        message: "missing variable “coupon” ('dict object' has no attribute 'coupon')",
      },
      { body_html: body },
    );
    expect(described).toMatchObject({
      title: "Missing variable event.coupon",
      where: "In html at line 2",
      variable: "event.coupon",
      lineText: "<p>Your code: {{ event.coupon }}</p>",
    });
  });

  it("puts a one-line subject's error on line 1 and keeps a top-level name as is", () => {
    const described = describeRenderError(
      { part: "subject", line: null, message: "missing variable “nickname”" },
      { subject: "Hello {{ nickname }}" },
    );
    expect(described.title).toBe("Missing variable nickname");
    expect(described.where).toBe("In subject at line 1");
  });

  it("says the template does not render for other errors, and when the part is a layout", () => {
    const described = describeRenderError(
      { part: "layout “shop”", line: 3, message: "unexpected '}'" },
      { body_html: body },
    );
    expect(described).toMatchObject({
      title: "This template does not render",
      where: "In layout “shop” at line 3",
      variable: null,
      lineText: null,
    });
  });

  it("maps error parts onto the fields they come from", () => {
    expect(fieldOfPart("html")).toBe("body_html");
    expect(fieldOfPart("text")).toBe("body_text");
    expect(fieldOfPart("subject")).toBe("subject");
    expect(fieldOfPart("layout “x”")).toBeNull();
  });

  it("finds a dotted path only as a whole word", () => {
    expect(dottedPathOn("{{ contact.nick }} {{ object.nickname }}", "nickname")).toBe(
      "object.nickname",
    );
    expect(dottedPathOn("{{ a.b.c }}", "c")).toBe("a.b.c");
    expect(dottedPathOn("nothing here", "c")).toBeNull();
    expect(dottedPathOn("{{ my_nickname }} {{ event.nickname }}", "nickname")).toBe(
      "event.nickname",
    );
  });
});

describe("parseSampleJson", () => {
  it("accepts an object or nothing and says what is wrong otherwise", () => {
    expect(parseSampleJson("")).toEqual({ value: {} });
    expect(parseSampleJson('{"total": 4}')).toEqual({ value: { total: 4 } });
    expect(parseSampleJson("[1]")).toEqual({
      error: 'Write a JSON object, e.g. {"order_id": "A-1"}',
    });
    expect(parseSampleJson("{")).toEqual({ error: "This is not valid JSON yet." });
  });
});
