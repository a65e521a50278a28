/**
 * The exits of each node kind: the labelled source handles the canvas draws. They are not
 * written here: each kind declares its exit rules in the backend (`EXITS` on its Struct),
 * published as schemas/node-exits.json, and `exitsOf` reads them the way
 * backend/app/engine/exits.py does. A job node's outcomes come from its job type in the
 * catalog; without it (or for an unknown job type) it offers only its optional
 * "cancelled" exit.
 */
import exitRules from "@schemas/node-exits.json";
import type { JourneyNode } from "@/types/generated/journey";
import type { Catalog } from "@/types/generated/journey-catalog";
import type { ExitRule, NodeExits } from "@/types/generated/node-exits";

export interface Exit {
  id: string;
  label: string;
  /** An optional exit may stay unconnected: the contact then ends. */
  required: boolean;
}

const RULES: NodeExits["kinds"] = (exitRules as NodeExits).kinds;

/** `apply_discount` → `Apply discount`: a label for an id that has none. */
export function humanize(identifier: string): string {
  const words = identifier.replaceAll("_", " ").replaceAll("-", " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : identifier;
}

/** The part of a node exits depend on: its kind and config. */
export type ExitSubject = Pick<JourneyNode, "kind" | "config">;

interface Item {
  id: string;
  label?: string;
  weight?: number;
}

/** The exits of `node`, in the order the canvas shows them. */
export function exitsOf(node: ExitSubject, catalog?: Catalog | null): Exit[] {
  const config = (node.config ?? {}) as Record<string, unknown>;
  return (RULES[node.kind] ?? []).flatMap((rule) => exitsOfRule(rule, config, catalog));
}

function exitsOfRule(
  rule: ExitRule,
  config: Record<string, unknown>,
  catalog: Catalog | null | undefined,
): Exit[] {
  switch (rule.rule) {
    case "fixed":
      return [{ id: rule.id, label: rule.label, required: rule.required ?? true }];
    case "items": {
      const items = config[rule.field];
      return (Array.isArray(items) ? (items as Item[]) : []).map((item) => {
        const label = item.label || humanize(item.id);
        return {
          id: item.id,
          label: rule.weighted ? `${label} (${item.weight})` : label,
          required: true,
        };
      });
    }
    case "outcomes": {
      const jobType = config[rule.field];
      const outcomes = typeof jobType === "string" ? catalog?.job_types?.[jobType] : undefined;
      return (outcomes ?? []).map((o) => ({ id: o, label: humanize(o), required: true }));
    }
    default:
      return assertNever(rule);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
