/** The contact details form: what it starts from, and the PATCH it sends (only changes). */
import type { Contact, ContactUpdate } from "../types";

export interface DetailsForm {
  name: string;
  email: string;
  phone: string;
  external_id: string;
  timezone: string;
  locale: string;
  birthday: string;
  /** Custom attributes as rows; values are typed as JSON when they parse, else text. */
  attributes: { key: string; value: string }[];
}

const TEXT_FIELDS = ["email", "phone", "external_id", "timezone", "locale", "birthday"] as const;

function shown(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function formFrom(contact: Contact): DetailsForm {
  return {
    name: contact.name,
    email: contact.email ?? "",
    phone: contact.phone ?? "",
    external_id: contact.external_id ?? "",
    timezone: contact.timezone ?? "",
    locale: contact.locale ?? "",
    birthday: contact.birthday ?? "",
    attributes: Object.entries(contact.attributes).map(([key, value]) => ({
      key,
      value: shown(value),
    })),
  };
}

/** "12" → 12, "true" → true, "[1,2]" → [1, 2]; anything else stays text. */
export function parseValue(raw: string): unknown {
  const text = raw.trim();
  if (text === "") return "";
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "string" ? raw : parsed;
  } catch {
    return raw;
  }
}

/** The PATCH body: the fields that changed (empty text clears), attributes merged. */
export function changesFrom(contact: Contact, form: DetailsForm): ContactUpdate {
  const update: ContactUpdate = {};
  if (form.name !== contact.name) update.name = form.name;
  for (const field of TEXT_FIELDS) {
    const value = form[field].trim();
    const before = contact[field] ?? "";
    if (value !== before) update[field] = value === "" ? null : value;
  }
  const attributes: Record<string, unknown> = {};
  const kept = new Set<string>();
  for (const row of form.attributes) {
    const key = row.key.trim();
    if (!key) continue;
    kept.add(key);
    const value = parseValue(row.value);
    if (JSON.stringify(contact.attributes[key]) !== JSON.stringify(value)) attributes[key] = value;
  }
  for (const key of Object.keys(contact.attributes)) {
    if (!kept.has(key)) attributes[key] = null;
  }
  if (Object.keys(attributes).length > 0) update.attributes = attributes;
  return update;
}
