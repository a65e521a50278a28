/**
 * The variable picker's model: the dotted names the preview reports (what the renderer's
 * context really holds for the chosen contact, sample event and journey variables),
 * grouped by where they come from. Pure, so the picker stays a thin view over it.
 */

export interface VariableGroup {
  group: string;
  items: string[];
}

const ROOTS: readonly (readonly [string, string])[] = [
  ["contact", "Contact"],
  ["event", "Event"],
  ["object", "Related object"],
  ["journey", "Journey variables"],
];

// Always in the context (the renderer adds `now`); the preview lists only data roots.
const ALWAYS = ["now"] as const;

/** `{{ contact.first_name }}`: what the picker inserts for `name`. */
export function variableSnippet(name: string): string {
  return `{{ ${name} }}`;
}

/** Names grouped by root (contact, event, object, journey, then the rest), without repeats. */
export function groupVariables(names: readonly string[]): VariableGroup[] {
  const seen = new Set<string>();
  const byRoot = new Map<string, string[]>();
  for (const name of [...names, ...ALWAYS]) {
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const root = name.includes(".") ? (name.split(".", 1)[0] ?? "") : "";
    const key = ROOTS.some(([r]) => r === root) ? root : "";
    byRoot.set(key, [...(byRoot.get(key) ?? []), name]);
  }
  const groups: VariableGroup[] = [];
  for (const [root, label] of ROOTS) {
    const items = byRoot.get(root);
    if (items?.length) groups.push({ group: label, items });
  }
  const rest = byRoot.get("");
  if (rest?.length) groups.push({ group: "Other", items: rest });
  return groups;
}
