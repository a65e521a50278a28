/**
 * Checks a job type's form schema as typed in the editor, before it is sent: it must be
 * JSON, an object, and a valid JSON Schema (draft 2020-12, Ajv's meta-schema). The server
 * checks again; this only spares a round trip and points at the line.
 */
import Ajv2020 from "ajv/dist/2020";
import type { JsonObject } from "../types";

const ajv = new Ajv2020({ strict: false, allErrors: true });

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
  let valid: boolean;
  try {
    valid = ajv.validateSchema(parsed.value) as boolean;
  } catch {
    // Ajv compiles its meta-schema with `new Function`, which the app's Content Security
    // Policy (no 'unsafe-eval') forbids in the browser: leave the check to the server.
    valid = true;
  }
  if (!valid) {
    const first = ajv.errors?.[0];
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
