import { isApiError } from "./api-client";

/**
 * The problem's `errors: [{field, message}]` as `{field: message}` (several messages for
 * one field are joined), keeping only `fields` the form has. Field names are normalised
 * from forms such as `$.email` or `body.email` to `email`.
 */
export function fieldErrorsOf(error: unknown, fields: readonly string[]): Record<string, string> {
  if (!isApiError(error)) return {};
  const raw = error.problem?.errors;
  if (!Array.isArray(raw)) return {};
  const found: Record<string, string> = {};
  for (const item of raw) {
    if (typeof item !== "object" || item === null) continue;
    const { field, message } = item as { field?: unknown; message?: unknown };
    if (typeof field !== "string" || typeof message !== "string") continue;
    const name =
      field
        .split(/[.[\]]/)
        .filter(Boolean)
        .at(-1) ?? field;
    if (!fields.includes(name)) continue;
    found[name] = found[name] ? `${found[name]} ${message}` : message;
  }
  return found;
}
