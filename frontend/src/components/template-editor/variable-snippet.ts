/**
 * What the variable picker inserts: `{{ contact.first_name }}` with, when chosen, a
 * fallback for an empty value and a date or money format — picked, never typed as
 * filter syntax. Pure, so every combination is tested.
 */

export type ValueKind = "text" | "number" | "date" | "boolean" | "list";

export interface VariableOption {
  /** The dotted name the template reads: `contact.first_name`, `event.total`. */
  path: string;
  /** What people call it: "First name". */
  label: string;
  /** "Contact", "The event", "Journey"… */
  group: string;
  kind: ValueKind;
}

export interface SnippetOptions {
  /** Written instead when the value is missing or empty. */
  fallback?: string;
  /** A date's `strftime` pattern, or a currency code for an amount. */
  dateFormat?: string;
  currency?: string;
}

export const DATE_FORMATS = [
  { value: "%d %B %Y", label: "01 March 2025" },
  { value: "%d/%m/%Y", label: "01/03/2025" },
  { value: "%A %d %B", label: "Saturday 01 March" },
  { value: "%d %B %Y, %H:%M", label: "01 March 2025, 14:30" },
  { value: "%H:%M", label: "14:30 (time only)" },
] as const;

export const CURRENCIES = [
  { value: "EUR", label: "€1,234.50" },
  { value: "GBP", label: "£1,234.50" },
  { value: "USD", label: "$1,234.50" },
] as const;

/** A string as a Jinja literal (double quotes, backslashes and quotes escaped). */
export function literal(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** `{{ contact.first_name | default("there", true) }}` and the like. */
export function variableSnippet(path: string, options: SnippetOptions = {}): string {
  const fallback = options.fallback?.trim() ? options.fallback : undefined;
  const formatted = options.dateFormat
    ? `{{ ${path} | date(${literal(options.dateFormat)}) }}`
    : options.currency
      ? `{{ ${path} | money(${literal(options.currency)}) }}`
      : null;
  if (formatted) {
    // A date or money filter cannot read a fallback word: write it only when there is no
    // value. `is defined` first: a missing field may not be asked whether it is empty.
    return fallback === undefined
      ? formatted
      : `{% if ${path} is defined and ${path} %}${formatted}{% else %}${escapeText(fallback)}{% endif %}`;
  }
  if (fallback !== undefined) return `{{ ${path} | default(${literal(fallback)}, true) }}`;
  return `{{ ${path} }}`;
}

/** Text written between template tags: braces and percent signs stay text. */
function escapeText(text: string): string {
  return /[{}%]/.test(text) ? `{{ ${literal(text)} }}` : text;
}

/** Options grouped for a searchable select, in the order the groups first appear. */
export function groupOptions(
  options: readonly VariableOption[],
): { group: string; items: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const option of options) {
    const items = groups.get(option.group) ?? [];
    if (!items.some((i) => i.value === option.path))
      items.push({ value: option.path, label: option.label });
    groups.set(option.group, items);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

const ROOT_GROUPS: Record<string, string> = {
  contact: "Contact",
  event: "The event",
  object: "Related object",
  journey: "Journey",
};

/** `contact.renewal_date` → "Renewal date"; a name the catalog does not describe. */
export function labelOfPath(path: string): string {
  const rest = path.includes(".") ? path.slice(path.indexOf(".") + 1) : path;
  const words = rest.replaceAll(/[._-]+/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : path;
}

/**
 * Options for names the preview reports (what the renderer's context really holds),
 * added after the described ones so nothing it offers is missing.
 */
export function withReportedNames(
  described: readonly VariableOption[],
  names: readonly string[],
): VariableOption[] {
  const known = new Set(described.map((d) => d.path));
  const extra = names
    .filter((name) => name.includes(".") && !known.has(name))
    .map((name) => {
      const root = name.split(".", 1)[0] ?? "";
      return {
        path: name,
        label: labelOfPath(name),
        group: ROOT_GROUPS[root] ?? "Other",
        kind: "text" as ValueKind,
      };
    });
  return [...described, ...extra];
}
