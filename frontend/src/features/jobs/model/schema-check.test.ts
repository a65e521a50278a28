import { describe, expect, it } from "vitest";
import { checkFormSchema, checkJsonObject } from "./schema-check";

describe("job type form schema check", () => {
  it("accepts an object schema and an empty editor", () => {
    const schema = {
      type: "object",
      required: ["tracking_number"],
      properties: { tracking_number: { type: "string", minLength: 3 } },
    };
    expect(checkFormSchema(JSON.stringify(schema))).toEqual({ ok: true, value: schema });
    expect(checkFormSchema("  ")).toEqual({ ok: true, value: {} });
  });

  it.each([
    ['{"type": "object",', /not valid JSON/],
    ["[1, 2]", /must be a JSON object/],
    [
      '{"type": "object", "properties": {"qty": {"type": "integr"}}}',
      /not a valid JSON Schema at \/properties\/qty\/type/,
    ],
    ['{"type": "string"}', /must describe an object/],
  ])("refuses %s", (text, message) => {
    const result = checkFormSchema(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it("names what it checked", () => {
    const result = checkJsonObject("nope", "The UI schema");
    expect(!result.ok && result.error).toMatch(/^The UI schema is not valid JSON/);
  });
});
