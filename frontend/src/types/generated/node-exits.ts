/**
 * Generated from schemas/node-exits.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

export type ExitRule = FixedExit | ItemExits | OutcomeExits;

/**
 * `schemas/node-exits.json`: each node kind's exit rules, in palette order.
 */
export interface NodeExits {
  kinds: {
    [k: string]: ExitRule[] | undefined;
  };
  [k: string]: unknown | undefined;
}
/**
 * One exit every node of the kind has. An optional exit may stay unconnected: the
 *     contact then ends there.
 */
export interface FixedExit {
  id: string;
  label: string;
  required?: boolean;
  rule: "fixed";
}
/**
 * One exit per item of the config list `field` (a switch's cases, a split's
 *     branches): the item's `id`, labelled with its `label` or else its id in words
 *     (`humanize`), followed by ` (<weight>)` when `weighted`.
 */
export interface ItemExits {
  field: string;
  rule: "items";
  weighted?: boolean;
}
/**
 * One exit per outcome of the job type the config field `field` names, from the
 *     catalog (labelled with the outcome in words); none without a catalog or for a job
 *     type it does not know.
 */
export interface OutcomeExits {
  field: string;
  rule: "outcomes";
}
