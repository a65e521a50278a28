/**
 * Generated from schemas/migrations-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Shapes of the migration and diff API the SPA reads.
 */
export interface MigrationsApi {
  dry_run: DryRun;
  graph_diff: GraphDiff;
  migration: Migration;
  migration_plan: MigrationPlan;
  plan_proposal: PlanProposal;
  step_mapping: StepMapping;
  [k: string]: unknown | undefined;
}
/**
 * `POST /journeys/{id}/migrations/dry-run`: what applying the plan now would do
 *     (nothing is changed).
 */
export interface DryRun {
  leave: number;
  mappings: MappingCount[];
  move: number;
  stay: number;
  to_version: number;
  unmapped: number;
  [k: string]: unknown | undefined;
}
export interface MappingCount {
  action: "finish" | "leave" | "move";
  node_id: string;
  target: string | null;
  version: number;
  waiting: number;
  [k: string]: unknown | undefined;
}
export interface GraphDiff {
  added: StepRef[];
  changed: StepChange[];
  removed: StepRef[];
  settings: FieldChange[];
  [k: string]: unknown | undefined;
}
export interface StepRef {
  kind: string;
  label: string;
  node_id: string;
  [k: string]: unknown | undefined;
}
export interface StepChange {
  changes: FieldChange[];
  kind: string;
  label: string;
  node_id: string;
  [k: string]: unknown | undefined;
}
/**
 * One field that differs: its path (`label`, `config.duration.amount`,
 *     `exits.yes`, `settings.reentry.rule`), the value before and after (null when absent).
 */
export interface FieldChange {
  after: unknown;
  before: unknown;
  path: string;
  [k: string]: unknown | undefined;
}
/**
 * A migration and how far applying it has come. `total` enrollments were covered
 *     when it started; each is decided once: moved, stayed, left, or ended (on its own
 *     before its turn came); `pending` are still to do (or, once it is `cancelled`, were
 *     never moved: they stay on their versions). `detail` says why it was refused or what
 *     cancelling it left.
 */
export interface Migration {
  created_at: string;
  created_by: MigrationPerson | null;
  detail: string | null;
  ended: number;
  finished_at: string | null;
  id: string;
  journey_id: string;
  left: number;
  moved: number;
  pending: number;
  plan: StepMapping[];
  started_at: string | null;
  status: "cancelled" | "done" | "queued" | "refused" | "running";
  stayed: number;
  to_version: number;
  total: number;
  [k: string]: unknown | undefined;
}
export interface MigrationPerson {
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
/**
 * Where the contacts waiting at one step of an older version go: `move` to `target`
 *     (a step of the new version; `timers`: `keep` the due time of what they wait for, or
 *     `restart` the step there), `finish` on the old version, or `leave` the journey.
 */
export interface StepMapping {
  action: "finish" | "leave" | "move";
  node_id: string;
  target?: string | null;
  timers?: "keep" | "restart";
  version: number;
}
/**
 * `POST /journeys/{id}/migrations` (and its dry run): move the contacts of older
 *     versions to `to_version`, the journey's published version. Contacts waiting at a step
 *     no mapping names stay on their version.
 */
export interface MigrationPlan {
  /**
   * @maxItems 2000
   */
  mappings: StepMapping[];
  to_version: number;
}
/**
 * `GET /journeys/{id}/migration-plan`: what a plan to the published version starts
 *     from.
 */
export interface PlanProposal {
  active_migration: string | null;
  running: number;
  steps: WaitingStep[];
  targets: StepRef[];
  to_version: number;
  [k: string]: unknown | undefined;
}
/**
 * A step of an older version where contacts can wait, how many wait there now, and
 *     the plan's proposal for them.
 */
export interface WaitingStep {
  in_new_version: boolean;
  keepable: string[];
  kind: string;
  label: string;
  node_id: string;
  proposed: StepMapping;
  version: number;
  waiting: number;
  [k: string]: unknown | undefined;
}
