/**
 * Checks a job type's form schema as typed in the editor, before it is sent: it must be
 * JSON, an object, and a valid JSON Schema (draft 2020-12, Ajv's meta-schema). The server
 * checks again; this only spares a round trip and points at the line.
 */
import validateAgainstMetaSchema from "virtual:json-schema-meta-validator";
import type { JsonObject } from "../types";

export type SchemaCheck = { ok: true; value: JsonObject } | { ok: false; error: string };

export function checkJsonObject(text: string, what: string): SchemaCheck {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${what} is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: `${what} must be a JSON object ({…}).` };
  }
  return { ok: true, value: value as JsonObject };
}

export function checkFormSchema(text: string): SchemaCheck {
  const parsed = checkJsonObject(text, "The form schema");
  if (!parsed.ok) return parsed;
  // Compiled when the SPA is built (build/json-schema-meta-validator.ts): the CSP forbids
  // the `new Function` that Ajv's own `validateSchema` needs.
  if (!validateAgainstMetaSchema(parsed.value)) {
    const first = validateAgainstMetaSchema.errors?.[0];
    const where = first?.instancePath ? ` at ${first.instancePath}` : "";
    return {
      ok: false,
      error: `The form schema is not a valid JSON Schema${where}: ${first?.message ?? "invalid"}.`,
    };
  }
  const type = parsed.value.type;
  if (type !== undefined && type !== "object") {
    return { ok: false, error: 'A job form\'s schema must describe an object ("type": "object").' };
  }
  return parsed;
}

/** Outcome names are exits of the journey's job node: lower-case machine names. */
export const OUTCOME_NAME = /^[a-z][a-z0-9_]*$/;
export const TYPE_NAME = /^[a-z][a-z0-9_]*$/;
