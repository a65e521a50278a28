/**
 * Generated from schemas/enrollment-actions-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the enrollment actions and manual enrolment in one schema
 *     (schemas/enrollment-actions-api.schema.json), for the SPA's generated types.
 */
export interface EnrollmentActionsApi {
  end_wait: EndWaitRequest;
  enrol: EnrolContact;
  enrol_segment: EnrolSegment;
  enrolable: EnrolableJourney[];
  enrolled: Enrolled;
  move: MoveRequest;
  remove: RemoveRequest;
  request: EnrolRequestStatus;
  segment_count: SegmentCount;
  [k: string]: unknown | undefined;
}
/**
 * End the wait at `at_step` now: a timed wait goes on by "next", a wait for an event
 *     by "timeout".
 */
export interface EndWaitRequest {
  at_step: string;
  token_id?: string | null;
}
/**
 * Enrol one contact now.
 */
export interface EnrolContact {
  contact_id: string;
  trigger_node_id?: string | null;
}
/**
 * Enrol every contact of a saved segment. `expected_count` is the count the person
 *     confirmed: refused (409) when the segment has changed size since.
 */
export interface EnrolSegment {
  expected_count: number;
  segment: string;
  trigger_node_id?: string | null;
}
/**
 * A live journey whose published version starts with a manual trigger.
 */
export interface EnrolableJourney {
  id: string;
  name: string;
  triggers: ManualStart[];
  version: number;
  [k: string]: unknown | undefined;
}
/**
 * A manual trigger contacts may be enrolled at.
 */
export interface ManualStart {
  allow_api: boolean;
  label: string;
  node_id: string;
  [k: string]: unknown | undefined;
}
/**
 * Whether the contact went in: `enrolled` with its enrollment, or `refused` with why
 *     (the journey's re-entry rule: "already in this journey since …").
 */
export interface Enrolled {
  contact_id: string;
  enrollment_id: string | null;
  journey_id: string;
  outcome: "enrolled" | "refused";
  refused: string | null;
  version: number;
  [k: string]: unknown | undefined;
}
/**
 * Move the path at `at_step` to `to_step` (same version), which it enters now.
 */
export interface MoveRequest {
  at_step: string;
  to_step: string;
  token_id?: string | null;
}
/**
 * Remove the contact from the journey: every path of the enrollment ends now.
 */
export interface RemoveRequest {
  at_step: string;
  token_id?: string | null;
}
/**
 * A segment enrolment as it goes: `requested` contacts, of which the workers have
 *     `handled` so far: `enrolled` went in, `refused` did not (the re-entry rule; each
 *     refused contact's timeline says why).
 */
export interface EnrolRequestStatus {
  done: boolean;
  enrolled: number;
  handled: number;
  journey_id: string;
  refused: number;
  request_id: string;
  requested: number;
  segment: string;
  [k: string]: unknown | undefined;
}
/**
 * How many contacts a segment enrolment would ask to enrol (before confirming).
 */
export interface SegmentCount {
  count: number;
  segment: string;
  [k: string]: unknown | undefined;
}
