/**
 * What the condition builder offers to pick from, with the names people read: contact
 * fields and custom attributes, objects' fields, event names and their properties (the
 * field catalog, `GET /journeys/catalog/fields`), journey variables. Pure, so the pickers
 * stay thin views and the choices are tested here.
 */
import type { FieldInfo } from "@/types/generated/journeys-api";
import { OPERATORS, type OperatorName } from "./conditions";

export type { FieldInfo };
export type FieldType = FieldInfo["type"];

export interface FieldChoices {
  contact: FieldInfo[];
  /** Object kind → its fields. */
  objects: Record<string, FieldInfo[]>;
  /** Event name → the properties its recent events carried. */
  events: Record<string, FieldInfo[]>;
  /** Events a "did an event" rule can count (seen, or used by this journey). */
  eventNames: string[];
  /** Properties of the event an "event property" rule reads (the journey's own events). */
  currentEvent: FieldInfo[];
  /** Journey variables conditions can read (`job.outcome`, what webhooks save). */
  variables: string[];
}

export const NO_CHOICES: FieldChoices = {
  contact: [],
  objects: {},
  events: {},
  eventNames: [],
  currentEvent: [],
  variables: [],
};

export interface Option {
  value: string;
  label: string;
}
export interface OptionGroup {
  group: string;
  items: Option[];
}

/** `cart.abandoned` → `Cart abandoned`; `object_kind` → `Object kind`. */
export function humanize(name: string): string {
  const words = name.replaceAll(/[._-]+/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : name;
}

/** An event as people read it, with its name for those who know it: "Cart abandoned · cart.abandoned". */
export function eventLabel(name: string): string {
  return `${humanize(name)} · ${name}`;
}

/**
 * Fields as grouped options: built-in ones first, then those seen in the data. A saved
 * value the catalog does not know stays listed (by its path), so it is never lost.
 */
export function fieldOptions(
  fields: readonly FieldInfo[],
  current: string | null,
  groups: { builtIn: string; custom: string } = { builtIn: "Fields", custom: "Seen in the data" },
): OptionGroup[] {
  const option = (f: FieldInfo): Option => ({ value: f.path, label: f.label });
  const builtIn = fields.filter((f) => !f.custom).map(option);
  const custom = fields.filter((f) => f.custom).map(option);
  const out: OptionGroup[] = [];
  if (builtIn.length) out.push({ group: groups.builtIn, items: builtIn });
  if (custom.length) out.push({ group: groups.custom, items: custom });
  const known = fields.some((f) => f.path === current);
  if (current && !known)
    out.push({ group: "Typed in", items: [{ value: current, label: current }] });
  return out;
}

/** A contact field's path as a rule stores it (`contact.region` and `region` are one). */
export function contactPath(path: string): string {
  return path.startsWith("contact.") ? path.slice("contact.".length) : path;
}

export function findField(fields: readonly FieldInfo[], path: string): FieldInfo | undefined {
  return fields.find((f) => f.path === path);
}

/** The fields of an object kind; with no kind, none. */
export function objectFields(choices: FieldChoices, kind: string | undefined): FieldInfo[] {
  return kind ? (choices.objects[kind] ?? []) : [];
}

export function objectKindOptions(choices: FieldChoices, current: string | undefined): Option[] {
  const kinds = Object.keys(choices.objects);
  if (current && !kinds.includes(current)) kinds.push(current);
  return kinds.map((kind) => ({ value: kind, label: humanize(kind) }));
}

/** Events to count: the journey's and those seen, each once, by their readable name. */
export function eventOptions(choices: FieldChoices, current: string | undefined): Option[] {
  const names = [...new Set([...choices.eventNames, ...(current ? [current] : [])])];
  return names.map((name) => ({ value: name, label: eventLabel(name) }));
}

const BY_TYPE: Record<FieldType, OperatorName[]> = {
  text: ["equals", "not_equals", "contains", "in", "is_set", "is_not_set"],
  number: ["equals", "not_equals", "gt", "gte", "lt", "lte", "in", "is_set", "is_not_set"],
  date: ["before", "after", "within_last_days", "is_set", "is_not_set"],
  boolean: ["equals", "is_set", "is_not_set"],
  list: ["contains", "is_set", "is_not_set"],
};

/** The comparisons that make sense for a field of `type` (all of them when unknown). */
export function operatorsFor(type: FieldType | undefined): typeof OPERATORS {
  if (!type) return OPERATORS;
  const wanted = BY_TYPE[type];
  return OPERATORS.filter((o) => wanted.includes(o.name));
}

/** Where a value editor's text goes: numbers become numbers where a number is compared. */
export function parseValue(raw: string, operator: string, type: FieldType | undefined): unknown {
  if (operator === "in")
    return raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const numeric = type === "number" || (!type && ["gt", "gte", "lt", "lte"].includes(operator));
  if (operator === "within_last_days" || (numeric && raw.trim() !== "")) {
    const n = Number(raw);
    return raw.trim() !== "" && !Number.isNaN(n) ? n : raw;
  }
  return raw;
}
