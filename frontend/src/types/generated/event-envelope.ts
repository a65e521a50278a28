/**
 * Generated from schemas/event-envelope.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * An event as it arrives from the API, track.js, the portal, a job or a channel.
 */
export interface EventEnvelope {
  contact: ContactRef;
  idempotency_key?: string | null;
  /**
   * Dotted lower-case name, e.g. `order.placed` or `email.opened`.
   */
  name: string;
  occurred_at?: string | null;
  properties?: {
    [k: string]: unknown | undefined;
  };
  source?: "api" | "email" | "job" | "portal" | "schedule" | "sms" | "system" | "track";
}
/**
 * Who the event is about. At least one identifier is required.
 */
export interface ContactRef {
  anonymous_id?: string | null;
  email?: string | null;
  external_id?: string | null;
  phone?: string | null;
}
