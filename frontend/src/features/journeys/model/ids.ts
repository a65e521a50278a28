/** Node and edge ids: readable, matching the schema's pattern, unique within a journey. */
import type { NodeKind } from "./node-kinds";

const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

export function randomSuffix(length = 5, random: () => number = Math.random): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return out;
}

/** `action.send_email` → `send-email-x3k9p`, never one of `taken`. */
export function newNodeId(
  kind: NodeKind,
  taken: ReadonlySet<string>,
  random?: () => number,
): string {
  const base = kind.split(".")[1]?.replaceAll("_", "-") ?? "step";
  for (;;) {
    const id = `${base}-${randomSuffix(5, random)}`;
    if (!taken.has(id)) return id;
  }
}

/** `email.next.wait`: the schema's id pattern allows letters, digits and `_.:-` only. */
export function edgeId(source: string, handle: string, target: string): string {
  return `${source}.${handle}.${target}`.slice(0, 64);
}
