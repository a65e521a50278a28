/**
 * Generated from schemas/events-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * The answers the SPA reads that have no schema file of their own
 *     (schemas/events-api.schema.json), so its TypeScript types are generated.
 */
export interface EventsApi {
  accepted: Accepted;
  event_names: EventNames;
  [k: string]: unknown | undefined;
}
/**
 * The answer to one event.
 */
export interface Accepted {
  duplicate: boolean;
  id: number;
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
export interface EventNames {
  names: string[];
  [k: string]: unknown | undefined;
}
