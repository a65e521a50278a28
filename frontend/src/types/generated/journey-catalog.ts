/**
 * Generated from schemas/journey-catalog.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Known names. An empty `event_names` means "not known": event names are not checked.
 */
export interface Catalog {
  email_templates?: string[];
  event_names?: string[];
  event_properties?: {
    [k: string]: string[] | undefined;
  };
  job_types?: {
    [k: string]: string[] | undefined;
  };
  letter_templates?: string[];
  queues?: string[];
  segments?: string[];
  sms_templates?: string[];
}
