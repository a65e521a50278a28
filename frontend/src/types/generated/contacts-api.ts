/**
 * Generated from schemas/contacts-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the contacts API in one schema (schemas/contacts-api.schema.json), so
 *     the SPA's TypeScript types are generated from these.
 */
export interface ContactsApi {
  consent_change: ConsentChange;
  consent_record: ConsentRecord;
  consent_view: ConsentView;
  contact_create: ContactCreate;
  contact_detail: ContactDetail;
  contact_page: ContactPage;
  contact_summary: ContactSummary;
  contact_update: ContactUpdate;
  note: NoteView;
  note_create: NoteCreate;
  object_create: ObjectCreate;
  object_update: ObjectUpdate;
  object_view: ObjectView;
  owner: OwnerView;
  owner_change: OwnerChange;
  score_change: ScoreChange;
  tags_change: TagsChange;
  [k: string]: unknown | undefined;
}
export interface ConsentChange {
  channel: "email" | "letter" | "phone" | "sms";
  source?: string;
  status: "opted_in" | "opted_out";
}
export interface ConsentRecord {
  actor_id: string | null;
  changed_at: string;
  channel: "email" | "letter" | "phone" | "sms";
  id: number;
  source: string;
  status: "opted_in" | "opted_out";
  [k: string]: unknown | undefined;
}
export interface ConsentView {
  allowed: boolean;
  channel: "email" | "letter" | "phone" | "sms";
  status: ("opted_in" | "opted_out") | null;
  [k: string]: unknown | undefined;
}
export interface ContactCreate {
  attributes?: {
    [k: string]: unknown | undefined;
  };
  birthday?: string | null;
  email?: string | null;
  external_id?: string | null;
  locale?: string | null;
  name?: string;
  phone?: string | null;
  /**
   * @maxItems 100
   */
  tags?: string[];
  timezone?: string | null;
}
export interface ContactDetail {
  attributes: {
    [k: string]: unknown | undefined;
  };
  birthday: string | null;
  consent: ConsentView[];
  created_at: string;
  email: string | null;
  external_id: string | null;
  id: string;
  locale: string | null;
  name: string;
  owner: OwnerView | null;
  phone: string | null;
  score: number;
  tags: string[];
  timezone: string | null;
  updated_at: string;
  [k: string]: unknown | undefined;
}
export interface OwnerView {
  email: string;
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface ContactPage {
  items: ContactSummary[];
  page: number;
  page_size: number;
  total: number;
  [k: string]: unknown | undefined;
}
export interface ContactSummary {
  created_at: string;
  email: string | null;
  external_id: string | null;
  id: string;
  name: string;
  owner: OwnerView | null;
  phone: string | null;
  score: number;
  tags: string[];
  [k: string]: unknown | undefined;
}
/**
 * Send only the fields to change; `null` clears a field. `attributes` are merged:
 *     a key set to `null` is removed.
 */
export interface ContactUpdate {
  attributes?: {
    [k: string]: unknown | undefined;
  };
  birthday?: string | null;
  email?: string | null;
  external_id?: string | null;
  locale?: string | null;
  name?: string;
  phone?: string | null;
  timezone?: string | null;
}
export interface NoteView {
  author: OwnerView | null;
  body: string;
  created_at: string;
  id: number;
  [k: string]: unknown | undefined;
}
export interface NoteCreate {
  body: string;
}
export interface ObjectCreate {
  data?: {
    [k: string]: unknown | undefined;
  };
  due_at?: string | null;
  external_ref?: string | null;
  kind: "appointment" | "enquiry" | "order" | "return" | "subscription" | "ticket";
  starts_at?: string | null;
  status: string;
}
/**
 * Send only what changes; `data` is merged (a key set to `null` is removed).
 */
export interface ObjectUpdate {
  data?: {
    [k: string]: unknown | undefined;
  };
  due_at?: string | null;
  external_ref?: string | null;
  starts_at?: string | null;
  status?: string;
}
export interface ObjectView {
  contact_id: string;
  created_at: string;
  data: {
    [k: string]: unknown | undefined;
  };
  due_at: string | null;
  external_ref: string | null;
  id: string;
  kind: "appointment" | "enquiry" | "order" | "return" | "subscription" | "ticket";
  starts_at: string | null;
  status: string;
  updated_at: string;
  [k: string]: unknown | undefined;
}
export interface OwnerChange {
  owner_id: string | null;
}
/**
 * Either move the score by `delta` or set it to `value`.
 */
export interface ScoreChange {
  delta?: number | null;
  value?: number | null;
}
export interface TagsChange {
  /**
   * @minItems 1
   * @maxItems 100
   */
  tags: [string, ...string[]];
}
