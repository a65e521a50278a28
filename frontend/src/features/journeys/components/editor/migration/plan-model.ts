/**
 * A migration plan as the publish dialog edits it: one choice per waiting step of an
 * older version, started from the server's proposal, turned into the API's plan.
 */
import type {
  Migration,
  MigrationPlan,
  PlanProposal,
  StepMapping,
  WaitingStep,
} from "@/types/generated/migrations-api";
import { KINDS } from "../../../model/node-kinds";

export type Destination = { kind: "move"; target: string } | { kind: "finish" } | { kind: "leave" };
export type TimerChoice = "keep" | "restart";

export interface StepChoice {
  destination: Destination;
  timers: TimerChoice;
}

/** Key of one waiting step: "<version>:<node id>". */
export const stepKey = (step: Pick<WaitingStep, "version" | "node_id">): string =>
  `${step.version}:${step.node_id}`;

export function choiceFromMapping(mapping: StepMapping): StepChoice {
  const destination: Destination =
    mapping.action === "move"
      ? { kind: "move", target: mapping.target ?? "" }
      : { kind: mapping.action };
  return { destination, timers: mapping.timers ?? "keep" };
}

/** The proposal's choices, by step key. */
export function initialChoices(proposal: PlanProposal): Record<string, StepChoice> {
  return Object.fromEntries(proposal.steps.map((s) => [stepKey(s), choiceFromMapping(s.proposed)]));
}

/** Whether the due time can be kept: only at a step that waits the same way. */
export function canKeep(step: WaitingStep, choice: StepChoice): boolean {
  return choice.destination.kind === "move" && step.keepable.includes(choice.destination.target);
}

/** A destination chosen, with the timer choice it allows (keep when it can, else restart). */
export function withDestination(
  step: WaitingStep,
  choice: StepChoice,
  destination: Destination,
): StepChoice {
  const next = { ...choice, destination };
  if (destination.kind === "move") {
    const keepable = step.keepable.includes(destination.target);
    return { ...next, timers: keepable ? choice.timers : "restart" };
  }
  return next;
}

/** Select values for a destination: "move:<id>", "finish", "leave". */
export const destinationValue = (d: Destination): string =>
  d.kind === "move" ? `move:${d.target}` : d.kind;

export function parseDestination(value: string): Destination {
  if (value.startsWith("move:")) return { kind: "move", target: value.slice(5) };
  return value === "leave" ? { kind: "leave" } : { kind: "finish" };
}

export function toPlan(proposal: PlanProposal, choices: Record<string, StepChoice>): MigrationPlan {
  const mappings: StepMapping[] = proposal.steps.map((step) => {
    const choice = choices[stepKey(step)] ?? choiceFromMapping(step.proposed);
    const base = { version: step.version, node_id: step.node_id };
    if (choice.destination.kind !== "move") return { ...base, action: choice.destination.kind };
    return {
      ...base,
      action: "move",
      target: choice.destination.target,
      timers: canKeep(step, choice) ? choice.timers : "restart",
    };
  });
  return { to_version: proposal.to_version, mappings };
}

/** "12 of 40 moved" style progress, 0–100. */
export function percentDone(total: number, pending: number): number {
  if (total <= 0) return 100;
  return Math.round(((total - pending) / total) * 100);
}

/** A step's name: its label, else its kind's label, else its id. */
export function stepName(step: { label: string; kind: string; node_id: string }): string {
  const kinds: Record<string, { label: string } | undefined> = KINDS;
  return step.label || kinds[step.kind]?.label || step.node_id;
}

/** Where a migration stands, in one sentence. */
export function migrationStatusText(m: Migration): string {
  switch (m.status) {
    case "queued":
      return "Waiting for a worker to start…";
    case "running":
      return `Moving: ${m.total - m.pending} of ${m.total} decided (${m.moved} moved).`;
    case "done":
      return `Done: ${m.moved} moved to version ${m.to_version}, ${m.stayed} stayed, ${m.left} left, ${m.ended} had ended.`;
    case "refused":
      return `Refused: ${m.detail ?? "the journey changed"}`;
    case "cancelled":
      return m.started_at
        ? `Stopped: ${m.moved} moved to version ${m.to_version} stay there; ${m.pending} not moved stay on their version.`
        : "Stopped before a worker started it: nobody was moved.";
    default: {
      const never: never = m.status;
      return never;
    }
  }
}
