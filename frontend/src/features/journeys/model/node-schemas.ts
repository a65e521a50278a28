/**
 * The JSON Schema of each node kind's config, cut from schemas/journey.schema.json for the
 * inspector's form, and the uiSchema that picks a custom widget only where the generated
 * form is not good enough (conditions, durations, names from the catalog, long text).
 */
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import journeySchema from "@schemas/journey.schema.json";
import { type TemplateChannel, templateChannelOfStep } from "@/lib/channels";
import { EVENT_SOURCE_LABELS } from "@/lib/event-sources";
import type { NodeKind } from "./node-kinds";
import { TIME_OF_DAY_PATTERN } from "./time-expressions";

type Schema = Record<string, unknown>;
type Defs = Record<string, Schema>;

const DEFS = (journeySchema as unknown as { $defs: Defs }).$defs;

const refName = (schema: Schema | undefined): string | null => {
  const ref = schema?.$ref;
  return typeof ref === "string" ? (ref.split("/").at(-1) ?? null) : null;
};

/**
 * `anyOf: [X, {type: "null"}]` becomes X (kept optional): the form shows the field, not a
 * choice between "X" and "null". Applied through the whole tree, `$defs` included.
 */
export function simplifyNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(simplifyNullable);
  if (!schema || typeof schema !== "object") return schema;
  const s = schema as Schema;
  const anyOf = s.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const rest = anyOf.filter((a) => (a as Schema).type !== "null");
    if (rest.length === 1) {
      const { anyOf: _drop, default: def, ...outer } = s;
      const merged = { ...(rest[0] as Schema), ...outer };
      if (def !== null && def !== undefined) merged.default = def;
      return simplifyNullable(merged);
    }
  }
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, simplifyNullable(v)]));
}

// Choices between shapes are listed by their titles, which msgspec sets to type names.
const OPTION_TITLES: Record<string, string> = {
  DailySchedule: "Every day at a time",
  CronSchedule: "Cron expression (advanced)",
};

const SIMPLE_DEFS = Object.fromEntries(
  Object.entries(simplifyNullable(DEFS) as Defs).map(([name, def]) => [
    name,
    OPTION_TITLES[name] ? { ...def, title: OPTION_TITLES[name] } : def,
  ]),
) as Defs;

/** The `$defs` name of the node schema whose `kind` is `kind`. */
function nodeDefName(kind: NodeKind): string {
  for (const [name, def] of Object.entries(DEFS)) {
    const kindProp = (def.properties as Schema | undefined)?.kind as Schema | undefined;
    if (Array.isArray(kindProp?.enum) && kindProp.enum[0] === kind) return name;
  }
  throw new Error(`No schema for node kind ${kind}`);
}

/** The config schema of `kind`, self-contained (it carries every `$defs`). */
export function configSchema(kind: NodeKind): RJSFSchema {
  const node = SIMPLE_DEFS[nodeDefName(kind)] as Schema;
  const config = (node.properties as Schema).config as Schema;
  const name = refName(config);
  const target = name ? SIMPLE_DEFS[name] : config;
  // The inspector shows the description itself; the type's name is no title for people.
  const { title: _title, description: _description, ...rest } = target ?? {};
  return { ...rest, $defs: SIMPLE_DEFS } as RJSFSchema;
}

/** What a step of `kind` does, in a sentence (its config's schema description). */
export function kindDescription(kind: NodeKind): string {
  const node = SIMPLE_DEFS[nodeDefName(kind)] as Schema;
  const name = refName((node.properties as Schema).config as Schema);
  const description = name ? SIMPLE_DEFS[name]?.description : undefined;
  return typeof description === "string" ? description : "";
}

/** Which catalog list a name field picks from. */
export type PickerSource =
  | "queues"
  | "job_types"
  | `${TemplateChannel}_templates`
  | "segments"
  | "event_names";

/** A sending step's template picker lists its channel's templates (lib/channels). */
function templateSource(kind: NodeKind): PickerSource | null {
  const channel = templateChannelOfStep(kind);
  return channel ? `${channel}_templates` : null;
}

const LONG_TEXT = new Set(["body", "guidance", "message", "text"]);

/** The fields each kind renders as a template: edited with the variable picker. */
const TEMPLATE_TEXT: Partial<Record<NodeKind, readonly string[]>> = {
  "action.send_email": ["subject", "body"],
  "action.send_sms": ["text"],
  "action.create_letter": ["body"],
  "action.create_job": ["title", "guidance"],
  "action.notify_staff": ["message"],
  "action.portal_message": ["title", "body"],
  "action.webhook": ["body"],
};

function fieldUi(kind: NodeKind, name: string, prop: Schema, depth: number): UiSchema | null {
  const ref = refName(prop);
  if (ref === "ConditionGroup") return { "ui:field": "condition" };
  if (ref === "Duration") return { "ui:field": "duration" };
  if (name === "event_name")
    return { "ui:widget": "picker", "ui:options": { source: "event_names" } };
  if (name === "queue" || name === "print_queue")
    return { "ui:widget": "picker", "ui:options": { source: "queues" } };
  if (name === "job_type") return { "ui:widget": "picker", "ui:options": { source: "job_types" } };
  if (name === "segment") return { "ui:widget": "picker", "ui:options": { source: "segments" } };
  const source = name === "template" ? templateSource(kind) : null;
  if (source) return { "ui:widget": "picker", "ui:options": { source } };
  if (depth === 0 && TEMPLATE_TEXT[kind]?.includes(name))
    return { "ui:widget": "templateText", "ui:options": { multiline: LONG_TEXT.has(name) } };
  if (LONG_TEXT.has(name) && prop.type === "string") return { "ui:widget": "textarea" };
  if (prop.type === "string" && prop.pattern === TIME_OF_DAY_PATTERN)
    return { "ui:widget": "timeOfDay" };
  if (name === "weekdays" && prop.type === "array") return { "ui:widget": "weekdays" };
  if (name === "sources" && prop.type === "array")
    return { "ui:widget": "checkboxes", "ui:enumNames": EVENT_SOURCE_LABELS };
  if (name === "timezone" && prop.type === "string") return { "ui:widget": "timeZone" };
  if (prop.title === "Date field" && prop.type === "string") return { "ui:widget": "dateField" };
  if (name === "expression" && prop.type === "string") return { "ui:widget": "cron" };
  if (depth < 3) {
    if (ref && SIMPLE_DEFS[ref]?.properties) return objectUi(kind, SIMPLE_DEFS[ref], depth + 1);
    // A tagged union (e.g. daily or cron repeat): RJSF hands the field's uiSchema to
    // whichever option is chosen, so one uiSchema covers the fields of every option.
    const options = prop.anyOf as Schema[] | undefined;
    if (Array.isArray(options)) {
      const merged: UiSchema = {};
      for (const option of options) {
        const optionRef = refName(option);
        if (optionRef && SIMPLE_DEFS[optionRef]?.properties) {
          Object.assign(merged, objectUi(kind, SIMPLE_DEFS[optionRef], depth + 1));
        }
      }
      if (Object.keys(merged).length) return merged;
    }
    const items = prop.items as Schema | undefined;
    const itemRef = refName(items);
    if (prop.type === "array" && itemRef && SIMPLE_DEFS[itemRef]?.properties) {
      const inner = objectUi(kind, SIMPLE_DEFS[itemRef], depth + 1);
      return Object.keys(inner).length ? { items: inner } : null;
    }
  }
  return null;
}

function objectUi(kind: NodeKind, schema: Schema, depth: number): UiSchema {
  const ui: UiSchema = {};
  // Fields in the order the backend declares them (the schema file sorts its keys).
  const order = schema["x-order"];
  if (Array.isArray(order)) ui["ui:order"] = [...order, "*"];
  for (const [name, prop] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
    const field = fieldUi(kind, name, prop, depth);
    if (field) ui[name] = field;
  }
  return ui;
}

/** The uiSchema of `kind`'s config form; `describe` turns help texts into what shows. */
export function configUiSchema(kind: NodeKind, describe?: (text: string) => unknown): UiSchema {
  const schema = configSchema(kind) as Schema;
  const ui: UiSchema = {
    ...objectUi(kind, schema, 0),
    "ui:submitButtonOptions": { norender: true },
  };
  return describe ? withDescriptions(ui, schema, describe, 0) : ui;
}

/** Every described field's `ui:description`, made by `describe` (code shown as code). */
function withDescriptions(
  ui: UiSchema,
  schema: Schema,
  describe: (text: string) => unknown,
  depth: number,
): UiSchema {
  const out: UiSchema = { ...ui };
  for (const [name, raw] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
    const ref = refName(raw);
    const prop = ref ? { ...(SIMPLE_DEFS[ref] ?? {}), ...raw } : raw;
    const field: UiSchema = { ...((out[name] as UiSchema | undefined) ?? {}) };
    if (typeof prop.description === "string")
      field["ui:description"] = describe(prop.description) as string;
    if (depth < 2 && prop.properties)
      Object.assign(field, withDescriptions(field, prop, describe, depth + 1));
    out[name] = field;
  }
  return out;
}
