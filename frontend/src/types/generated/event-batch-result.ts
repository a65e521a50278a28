/**
 * Generated from schemas/event-batch-result.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * The answer to a batch: counts, then one result per event in the order sent.
 */
export interface BatchAccepted {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
  [k: string]: unknown | undefined;
}
/**
 * One event of a batch: its place in the batch and what became of it.
 */
export interface EventResult {
  errors?: FieldProblem[];
  id?: number | null;
  index: number;
  status: "accepted" | "duplicate" | "rejected";
  warnings?: FieldProblem[];
  [k: string]: unknown | undefined;
}
/**
 * What is wrong with one field of one event: `batch[3].contact.email`.
 */
export interface FieldProblem {
  field: string;
  message: string;
  [k: string]: unknown | undefined;
}
