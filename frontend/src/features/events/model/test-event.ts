import type { EventEnvelope } from "@/types/generated/event-envelope";

/** How the form names the contact: one identifier is enough (docs/events-api.md). */
export type ContactKind = "email" | "external_id" | "phone" | "anonymous_id";

export const CONTACT_KINDS: { value: ContactKind; label: string }[] = [
  { value: "email", label: "Email" },
  { value: "external_id", label: "External id" },
  { value: "phone", label: "Phone" },
  { value: "anonymous_id", label: "Anonymous id" },
];

export interface TestEventValues {
  name: string;
  contactKind: ContactKind;
  contact: string;
  /** JSON text of an object. */
  properties: string;
}

export const EMPTY_TEST_EVENT: TestEventValues = {
  name: "",
  contactKind: "email",
  contact: "",
  properties: "{\n  \n}",
};

// The server's rule (app.events.schemas.EventName), so the form says it before sending.
const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

export function validateEventName(value: string): string | null {
  const name = value.trim();
  if (!name) return "Name the event, e.g. order.placed.";
  if (name.length > 120) return "At most 120 characters.";
  if (!EVENT_NAME.test(name)) {
    return "Lower-case words joined by dots, starting with a letter: order.placed, email.opened.";
  }
  return null;
}

export function validateContact(kind: ContactKind, value: string): string | null {
  const text = value.trim();
  if (!text) return "Say who the event is about.";
  if (kind === "email" && !EMAIL.test(text)) return "That is not an email address.";
  if (kind === "phone" && text.length < 3) return "At least 3 characters.";
  if (text.length > (kind === "email" ? 320 : 200)) return "That is too long.";
  return null;
}

export type ParsedProperties =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: string };

/** The properties box: empty means {}, anything else must be a JSON object. */
export function parseProperties(text: string): ParsedProperties {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    if (at) {
      const { line, column } = where(text, Number(at[1]));
      return { ok: false, error: `Not valid JSON at line ${line}, column ${column}.` };
    }
    return { ok: false, error: "Not valid JSON: check quotes, commas and braces." };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: 'Properties must be a JSON object, like {"order_id": "ORD-1"}.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function where(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

export function validateTestEvent(
  values: TestEventValues,
): Partial<Record<keyof TestEventValues, string>> {
  const errors: Partial<Record<keyof TestEventValues, string>> = {};
  const name = validateEventName(values.name);
  if (name) errors.name = name;
  const contact = validateContact(values.contactKind, values.contact);
  if (contact) errors.contact = contact;
  const properties = parseProperties(values.properties);
  if (!properties.ok) errors.properties = properties.error;
  return errors;
}

/** The envelope the form sends; call only after validateTestEvent found nothing. */
export function toEnvelope(values: TestEventValues): EventEnvelope {
  const properties = parseProperties(values.properties);
  if (!properties.ok) throw new Error(properties.error);
  return {
    name: values.name.trim(),
    contact: { [values.contactKind]: values.contact.trim() },
    properties: properties.value,
  };
}

/**
 * The server's field errors (`contact.email`, `properties`, `name`) mapped onto the form's
 * fields, so a refusal shows beside the box it is about.
 */
export function formErrorsOf(
  errors: readonly { field: string; message: string }[],
): Partial<Record<keyof TestEventValues, string>> {
  const found: Partial<Record<keyof TestEventValues, string>> = {};
  for (const { field, message } of errors) {
    const top = field.replace(/^batch\[\d+\]\./, "").split(/[.[]/)[0];
    const key: keyof TestEventValues | undefined =
      top === "name"
        ? "name"
        : top === "contact"
          ? "contact"
          : top === "properties"
            ? "properties"
            : undefined;
    if (key) found[key] = found[key] ? `${found[key]} ${message}` : message;
  }
  return found;
}
