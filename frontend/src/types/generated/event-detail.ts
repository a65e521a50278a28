/**
 * Generated from schemas/event-detail.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

export interface EventDetail {
  contact: EventContact;
  id: number;
  idempotency_key: string | null;
  name: string;
  occurred_at: string;
  processed_at: string | null;
  properties: {
    [k: string]: unknown | undefined;
  };
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
