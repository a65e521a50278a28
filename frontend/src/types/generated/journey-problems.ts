/**
 * Generated from schemas/journey-problems.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * The answer of validation: empty when the journey can be published.
 */
export interface ProblemList {
  problems: Problem[];
}
/**
 * One thing wrong with a journey, tied to the node, edge, field or exit it is about.
 */
export interface Problem {
  code:
    | "dangling_edge"
    | "duplicate_edge_id"
    | "duplicate_node_id"
    | "edge_into_trigger"
    | "exit_not_connected"
    | "exit_used_twice"
    | "invalid_config"
    | "invalid_document"
    | "join_needs_two_inputs"
    | "loop_without_wait"
    | "no_trigger"
    | "template_forbidden"
    | "template_limit"
    | "template_syntax"
    | "template_variable"
    | "too_many_nodes"
    | "unknown_email_template"
    | "unknown_event"
    | "unknown_event_property"
    | "unknown_exit"
    | "unknown_job_outcome"
    | "unknown_job_type"
    | "unknown_kind"
    | "unknown_letter_template"
    | "unknown_queue"
    | "unknown_segment"
    | "unknown_sms_template"
    | "unreachable_node";
  edge_id?: string | null;
  field?: string | null;
  handle?: string | null;
  message: string;
  node_id?: string | null;
  severity?: "error" | "warning";
}
