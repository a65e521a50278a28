/**
 * The what-if panel's pure parts: the request built from the form, and what a node card
 * shows of a result (the draft's numbers next to the live ones).
 */
import type { Catalog } from "@/types/generated/journey-catalog";
import type {
  StepComparison,
  WhatIfCreate,
  WhatIfJobChoice,
  WhatIfResult,
} from "@/types/generated/what-if-api";
import { type ExitSubject, exitsOf } from "../../../model/exits";

/** One job step's choice in the form: one outcome, or weights per outcome. */
export interface JobStepForm {
  mode: "outcome" | "split";
  outcome: string;
  weights: Record<string, number>;
}

export interface WhatIfForm {
  /** `YYYY-MM-DD`, the first and the last day replayed (both whole days, UTC). */
  from: string;
  to: string;
  segmentId: string | null;
  /** A published version to replay; the draft (as it is now) when null. */
  version: number | null;
  jobSteps: Record<string, JobStepForm>;
}

/** A job step of the journey replayed, with the outcomes its job can end with. */
export interface JobStep {
  id: string;
  label: string;
  outcomes: string[];
}

/** The job steps of a definition's nodes (the canvas's draft or a published version). */
export function jobStepsOf(
  nodes: readonly (ExitSubject & { id: string; label?: string | null })[],
  catalog: Catalog | null | undefined,
): JobStep[] {
  return nodes
    .filter((n) => n.kind === "action.create_job")
    .map((n) => ({
      id: n.id,
      label: n.label || n.id,
      outcomes: exitsOf(n, catalog)
        .map((e) => e.id)
        .filter((id) => id !== "cancelled"),
    }));
}

const DAY_MS = 86_400_000;

export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The last 30 days, up to and including today. */
export function defaultPeriod(now: Date = new Date()): { from: string; to: string } {
  return { from: isoDay(new Date(now.getTime() - 29 * DAY_MS)), to: isoDay(now) };
}

/** The request for the form: whole UTC days, the end exclusive (the day after `to`). */
export function toRequest(form: WhatIfForm, now: Date = new Date()): WhatIfCreate {
  const start = new Date(`${form.from}T00:00:00Z`);
  const dayAfter = new Date(new Date(`${form.to}T00:00:00Z`).getTime() + DAY_MS);
  const end = dayAfter > now ? now : dayAfter;
  const job_steps: Record<string, WhatIfJobChoice> = {};
  for (const [nodeId, step] of Object.entries(form.jobSteps)) {
    if (step.mode === "outcome") {
      if (step.outcome) job_steps[nodeId] = { outcome: step.outcome };
    } else {
      job_steps[nodeId] = {
        split: Object.entries(step.weights).map(([outcome, weight]) => ({
          outcome,
          weight: Math.max(0, Math.round(weight)),
        })),
      };
    }
  }
  return {
    period_start: start.toISOString(),
    period_end: end.toISOString(),
    segment_id: form.segmentId,
    version: form.version,
    job_steps,
  };
}

/** What is wrong with the form, by field, before it is sent. */
export function formProblems(form: WhatIfForm): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!form.from) problems.from = "Pick the first day.";
  if (!form.to) problems.to = "Pick the last day.";
  if (form.from && form.to && form.to < form.from)
    problems.to = "The last day is before the first.";
  for (const [nodeId, step] of Object.entries(form.jobSteps)) {
    if (step.mode === "split" && Object.values(step.weights).every((w) => !(w > 0))) {
      problems[`job:${nodeId}`] = "Give at least one outcome a weight above 0.";
    }
  }
  return problems;
}

/** A card's what-if numbers: draft and live, for the step and each of its exits. */
export interface NodeWhatIf {
  label: string;
  draft: number;
  live: number;
  waiting: number;
  exits: { id: string; draft: number; live: number }[];
}

export function nodeWhatIf(
  result: WhatIfResult | null | undefined,
  nodeId: string,
  exitIds: readonly string[],
): NodeWhatIf | null {
  const step: StepComparison | undefined = result?.steps.find((s) => s.node_id === nodeId);
  if (!step) return null;
  return {
    label: step.label || nodeId,
    draft: step.draft.entered,
    live: step.live.entered,
    waiting: step.draft.waiting,
    exits: exitIds.map((id) => ({
      id,
      draft: step.draft.exits[id] ?? 0,
      live: step.live.exits[id] ?? 0,
    })),
  };
}

/** `+3` / `−2` / `=`: the draft against the live version. */
export function difference(draft: number, live: number): string {
  if (draft === live) return "=";
  return draft > live ? `+${draft - live}` : `−${live - draft}`;
}
