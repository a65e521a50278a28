/**
 * Generated from schemas/event-page.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

export interface EventPage {
  items: EventSummary[];
  next_before: number | null;
  [k: string]: unknown | undefined;
}
export interface EventSummary {
  contact: EventContact;
  id: number;
  name: string;
  occurred_at: string;
  received_at: string;
  source: string;
  status: "pending" | "processed";
  [k: string]: unknown | undefined;
}
export interface EventContact {
  email: string | null;
  external_id: string | null;
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
