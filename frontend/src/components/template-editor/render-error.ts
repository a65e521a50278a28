/**
 * A failed preview in words a marketer can act on: which part, which line (and its text),
 * and — for a missing variable — its full dotted name as written (`contact.nickname`),
 * found on that line because the renderer names only the last attribute.
 */

export interface RenderErrorInfo {
  part: string;
  message: string;
  line: number | null;
}

export interface DescribedRenderError {
  /** `Missing variable contact.nickname` or `The template does not render`. */
  title: string;
  /** `In html at line 2` / `In subject`. */
  where: string;
  /** The variable as written in the template, when one is missing. */
  variable: string | null;
  /** The text of the failing line, trimmed, when known. */
  lineText: string | null;
  message: string;
}

const MISSING = /missing variable “([^”]+)”/;
const PART_FIELDS: Record<string, "subject" | "body_html" | "body_text"> = {
  subject: "subject",
  html: "body_html",
  text: "body_text",
};

/** The template part an error's `part` names (`html` → `body_html`); null for a layout. */
export function fieldOfPart(part: string): "subject" | "body_html" | "body_text" | null {
  return PART_FIELDS[part] ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The dotted path ending in `name` on `lineText` (`{{ contact.nickname }}` → `contact.nickname`). */
export function dottedPathOn(lineText: string, name: string): string | null {
  const found = new RegExp(`(?<![\\w.])((?:[A-Za-z_]\\w*\\.)*${escapeRegExp(name)})(?!\\w)`).exec(
    lineText,
  );
  return found?.[1] ?? null;
}

export function describeRenderError(
  error: RenderErrorInfo,
  sources: Partial<Record<"subject" | "body_html" | "body_text", string | null>>,
): DescribedRenderError {
  const field = fieldOfPart(error.part);
  const source = field ? (sources[field] ?? "") : "";
  const lines = source.split("\n");
  // A one-line part (the subject) has its error on line 1 even when Jinja gives none.
  const line = error.line ?? (lines.length === 1 && source ? 1 : null);
  const lineText = line !== null ? (lines[line - 1]?.trim() ?? null) : null;
  const missing = MISSING.exec(error.message)?.[1] ?? null;
  const variable = missing ? ((lineText && dottedPathOn(lineText, missing)) ?? missing) : null;
  return {
    title: variable ? `Missing variable ${variable}` : "This template does not render",
    where: `In ${error.part}${line !== null ? ` at line ${line}` : ""}`,
    variable,
    lineText: lineText || null,
    message: error.message,
  };
}
