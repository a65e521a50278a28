/**
 * What a message step's template sees, as far as the canvas knows it: the events that
 * start or move the journey (the renderer's `event` and `object`), the journey variables
 * webhook steps save, and the template kind each sending step uses. Pure.
 */
import { type TemplateChannel, templateChannelOfStep } from "@/lib/channels";
import type { CanvasNode } from "./graph";

/** The template kinds sending steps pick from: the template channels (lib/channels). */
export type StepTemplateKind = TemplateChannel;

/** A step's own text (when it picks no template): a subject for emails, and the text. */
export interface StepText {
  subject: string;
  text: string;
}

/** The template kind a step of `kind` picks, or null when it picks none. */
export function stepTemplateKind(kind: string): StepTemplateKind | null {
  return templateChannelOfStep(kind);
}

/** Event names the journey starts on or waits for, in canvas order, each once. */
export function eventNamesOf(nodes: readonly CanvasNode[]): string[] {
  const names: string[] = [];
  for (const node of nodes) {
    const name =
      node.type === "trigger.event" || node.type === "flow.wait_for_event"
        ? node.data.config?.event_name
        : undefined;
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * The journey variables webhook steps save from their answers (`save_response`), with a
 * stand-in value saying where each comes from, so the preview can render them.
 */
export function journeyVariablesOf(nodes: readonly CanvasNode[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const node of nodes) {
    if (node.type !== "action.webhook") continue;
    for (const name of Object.keys(node.data.config?.save_response ?? {})) {
      variables[name] ??= `(saved by “${node.data.label || "Webhook"}”)`;
    }
  }
  return variables;
}

const MAX_NAME = 80;

/** A template name (`^[a-z][a-z0-9_]*$`) from what people call it: `Order shipped!` → `order_shipped`. */
export function templateNameFrom(label: string): string {
  const words = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const named = /^[a-z]/.test(words) ? words : words ? `t_${words}` : "";
  return named.slice(0, MAX_NAME).replace(/_+$/, "");
}

// Where each sending step keeps its own text (when it picks no template).
const OWN_TEXT_FIELD: Record<StepTemplateKind, "body" | "text"> = {
  email: "body",
  sms: "text",
  letter: "body",
};

export function ownTextOf(kind: StepTemplateKind, config: unknown): StepText {
  const values = (config ?? {}) as Record<string, unknown>;
  const text = values[OWN_TEXT_FIELD[kind]];
  return {
    subject: kind === "email" && typeof values.subject === "string" ? values.subject : "",
    text: typeof text === "string" ? text : "",
  };
}

/** The step's config with its own text (empty parts unset, as the form leaves them). */
export function withOwnText(nodeKind: string, config: unknown, text: StepText): unknown {
  const kind = stepTemplateKind(nodeKind);
  if (!kind) return config;
  const next: Record<string, unknown> = { ...((config ?? {}) as Record<string, unknown>) };
  next[OWN_TEXT_FIELD[kind]] = text.text || undefined;
  if (kind === "email") next.subject = text.subject || undefined;
  return next;
}
