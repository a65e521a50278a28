/**
 * The canvas test's own small store: the setup, the choices made, the latest answer, and
 * the saved cases' latest check. Kept outside the panel so switching the side tab (which
 * unmounts it) loses nothing, and so the canvas and the publish review can read it.
 */
import { create } from "zustand";
import type { CaseCheck, TestRun } from "@/types/generated/test-runs-api";
import {
  type Choice,
  DEFAULT_MADE_UP,
  type MadeUpForm,
  type TestSetup,
  toMadeUpContact,
} from "../../../model/test-run";

export interface RunFailure {
  message: string;
  /** The request field it names (`choices[1].node_id`, `definition.nodes[2]`…). */
  field: string | null;
  /** The index of the choice it names, when it names one. */
  choice: number | null;
}

interface TestState {
  journeyId: string | null;
  /** The Test tab is showing: the canvas highlights the run's path. */
  open: boolean;
  contactMode: "made_up" | "existing";
  madeUp: MadeUpForm;
  existingId: string | null;
  setup: TestSetup;
  choices: Choice[];
  run: TestRun | null;
  busy: boolean;
  failure: RunFailure | null;
  /** The step shown in the trace (an index into `run.steps`). */
  selected: number | null;
  checks: CaseCheck[] | null;
  checking: boolean;
}

interface TestActions {
  reset(journeyId: string): void;
  patch(next: Partial<TestState>): void;
}

const initial = (journeyId: string | null): TestState => ({
  journeyId,
  open: false,
  contactMode: "made_up",
  madeUp: DEFAULT_MADE_UP,
  existingId: null,
  setup: { contact: toMadeUpContact(DEFAULT_MADE_UP), start: emptyStart(), forced: {} },
  choices: [],
  run: null,
  busy: false,
  failure: null,
  selected: null,
  checks: null,
  checking: false,
});

export function emptyStart(): TestSetup["start"] {
  return { trigger_node_id: null, event_name: null, properties: {}, at: null };
}

export const useTestStore = create<TestState & TestActions>()((set, get) => ({
  ...initial(null),
  reset: (journeyId) => {
    if (get().journeyId !== journeyId) set(initial(journeyId));
  },
  patch: (next) => set(next),
}));

/** `choices[2].node_id` → 2. */
export function choiceIndex(field: string | null): number | null {
  const found = field ? /^choices\[(\d+)\]/.exec(field) : null;
  return found ? Number(found[1]) : null;
}
