/** What publishing changes: steps added, removed or changed since the published version. */
import type { JourneyDefinition, JourneyNode } from "@/types/generated/journey";

export interface DefinitionDiff {
  added: string[];
  removed: string[];
  changed: string[];
  /** Connections or settings changed without any step changing. */
  wiringChanged: boolean;
}

const stable = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** A step's meaning: kind, label, config and where its exits lead; not its position. */
function fingerprint(node: JourneyNode, def: JourneyDefinition): string {
  const exits = (def.edges ?? [])
    .filter((e) => e.source === node.id)
    .map((e) => `${e.source_handle}->${e.target}`)
    .sort();
  return stable({ kind: node.kind, label: node.label, config: node.config ?? {}, exits });
}

export function diffDefinitions(
  published: JourneyDefinition | null | undefined,
  draft: JourneyDefinition,
): DefinitionDiff {
  const before = new Map((published?.nodes ?? []).map((n) => [n.id, n]));
  const after = new Map((draft.nodes ?? []).map((n) => [n.id, n]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) added.push(node.label || id);
    else if (fingerprint(old, published ?? {}) !== fingerprint(node, draft))
      changed.push(node.label || id);
  }
  const removed = [...before.values()].filter((n) => !after.has(n.id)).map((n) => n.label || n.id);
  const sameEdges =
    stable([...(published?.edges ?? [])].map((e) => stable(e)).sort()) ===
    stable([...(draft.edges ?? [])].map((e) => stable(e)).sort());
  const sameSettings = stable(published?.settings ?? {}) === stable(draft.settings ?? {});
  const wiringChanged =
    added.length + removed.length + changed.length === 0 && (!sameEdges || !sameSettings);
  return { added, removed, changed, wiringChanged };
}

export function isEmptyDiff(diff: DefinitionDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0 && !diff.wiringChanged;
}
