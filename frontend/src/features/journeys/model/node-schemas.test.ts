import schema from "@schemas/journey.schema.json";
import { describe, expect, it } from "vitest";
import { KINDS, NODE_KINDS } from "./node-kinds";
import { configSchema, configUiSchema, simplifyNullable } from "./node-schemas";

describe("node kinds and their schemas", () => {
  it("has palette metadata for every kind in the schema, and no other", () => {
    const inSchema = Object.values(
      schema.$defs as Record<string, { properties?: { kind?: { enum?: string[] } } }>,
    )
      .flatMap((def) => def.properties?.kind?.enum ?? [])
      .sort();
    expect([...NODE_KINDS].sort()).toEqual(inSchema);
  });

  it.each(NODE_KINDS)("%s has a config schema and a label", (kind) => {
    const s = configSchema(kind);
    expect(s.type).toBe("object");
    expect(s.$defs).toBeDefined();
    expect(KINDS[kind].label).not.toBe("");
  });

  it("turns nullable anyOf into the plain field", () => {
    expect(
      simplifyNullable({
        anyOf: [{ $ref: "#/$defs/Duration" }, { type: "null" }],
        default: null,
        title: "Due",
      }),
    ).toEqual({ $ref: "#/$defs/Duration", title: "Due" });
  });

  it("picks custom widgets only where needed", () => {
    expect(configUiSchema("flow.condition").condition).toEqual({ "ui:field": "condition" });
    expect(configUiSchema("flow.wait_duration").duration).toEqual({ "ui:field": "duration" });
    expect(configUiSchema("trigger.event")).toMatchObject({
      event_name: { "ui:widget": "picker", "ui:options": { source: "event_names" } },
      filter: { "ui:field": "condition" },
    });
    expect(configUiSchema("action.send_sms").template).toMatchObject({
      "ui:options": { source: "sms_templates" },
    });
    expect(configUiSchema("action.create_job")).toMatchObject({
      queue: { "ui:widget": "picker" },
      job_type: { "ui:widget": "picker" },
      due_in: { "ui:field": "duration" },
      escalation: { if_unclaimed_after: { "ui:field": "duration" } },
    });
    expect(configUiSchema("flow.switch")).toMatchObject({
      cases: { items: { condition: { "ui:field": "condition" } } },
    });
    expect(configUiSchema("action.webhook").url).toBeUndefined();
  });

  it("gives dates and times their own widgets, inside unions too", () => {
    expect(configUiSchema("flow.wait_until_time")).toMatchObject({
      at: { "ui:widget": "timeOfDay" },
      weekdays: { "ui:widget": "weekdays" },
      timezone: { "ui:widget": "timeZone" },
    });
    expect(configUiSchema("flow.wait_until_date")).toMatchObject({
      date_field: { "ui:widget": "dateField" },
      offset: { "ui:field": "duration" },
      at: { "ui:widget": "timeOfDay" },
      timezone: { "ui:widget": "timeZone" },
    });
    expect(configUiSchema("trigger.schedule")).toMatchObject({
      repeat: {
        at: { "ui:widget": "timeOfDay" },
        weekdays: { "ui:widget": "weekdays" },
        expression: { "ui:widget": "cron" },
      },
      timezone: { "ui:widget": "timeZone" },
      date_match: { field: { "ui:widget": "dateField" } },
    });
  });

  it("lists a form's fields in the backend's order: the subject above the text", () => {
    expect(configUiSchema("action.send_email")["ui:order"]).toEqual([
      "template",
      "subject",
      "body",
      "*",
    ]);
  });

  it("edits every message text with the variable picker", () => {
    expect(configUiSchema("action.send_email")).toMatchObject({
      subject: { "ui:widget": "templateText", "ui:options": { multiline: false } },
      body: { "ui:widget": "templateText", "ui:options": { multiline: true } },
    });
    for (const [kind, field] of [
      ["action.send_sms", "text"],
      ["action.create_letter", "body"],
      ["action.create_job", "title"],
      ["action.webhook", "body"],
      ["action.notify_staff", "message"],
      ["action.portal_message", "title"],
    ] as const)
      expect(configUiSchema(kind)[field]).toMatchObject({ "ui:widget": "templateText" });
  });

  it("turns help texts into what the form shows, when asked", () => {
    const ui = configUiSchema("action.create_job", (text) => `<${text}>`);
    expect(ui.link_objects?.["ui:description"]).toBe("<e.g. `order`, `return`.>");
  });
});
