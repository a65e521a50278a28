/**
 * The server's per-field problems (`errors: [{field, message}]`) as react-jsonschema-form
 * `extraErrors`, so each message shows on its own field of the job form.
 *
 * Completion answers 422 with fields like `data.tracking_number`, `data.items[2].qty`, or
 * `data` for the form as a whole; anything else (`outcome`, `version`) is not a form field
 * and is returned separately, to show above the outcome buttons.
 */
import type { ErrorSchema } from "@rjsf/utils";
import { isApiError } from "@/lib/api-client";

export interface FieldProblem {
  field: string;
  message: string;
}

export interface SortedProblems {
  /** For the form's `extraErrors`. */
  form: ErrorSchema;
  /** Problems that belong to no form field, as sentences. */
  other: string[];
  count: number;
}

/** `data.items[2].qty` → ["items", "2", "qty"]; `data` → []; anything else → null. */
export function formPath(field: string): string[] | null {
  const parts = field.split(/[.[\]]/).filter(Boolean);
  if (parts[0] !== "data") return null;
  return parts.slice(1);
}

export function problemsOf(error: unknown): FieldProblem[] {
  if (!isApiError(error)) return [];
  const raw = error.problem?.errors;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    if (typeof item !== "object" || item === null) return [];
    const { field, message } = item as { field?: unknown; message?: unknown };
    return typeof field === "string" && typeof message === "string" ? [{ field, message }] : [];
  });
}

export function sortProblems(problems: readonly FieldProblem[]): SortedProblems {
  const form: Record<string, unknown> = {};
  const other: string[] = [];
  for (const { field, message } of problems) {
    const path = formPath(field);
    if (!path) {
      other.push(field ? `${field}: ${message}` : message);
      continue;
    }
    let node = form;
    for (const key of path) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const errors = (node.__errors as string[] | undefined) ?? [];
    node.__errors = [...errors, message];
  }
  return { form: form as ErrorSchema, other, count: problems.length };
}
