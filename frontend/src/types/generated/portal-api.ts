/**
 * Generated from schemas/portal-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the customer portal's API in one schema (schemas/portal-api.schema.json),
 *     so the SPA's TypeScript types are generated from these.
 */
export interface PortalApi {
  appointment_move: AppointmentMove;
  appointment_request: AppointmentRequest;
  config: PortalConfig;
  consent_choice: ConsentChoice;
  consent_update: ConsentUpdate;
  contact: ContactView;
  document: PortalDocument;
  erasure: ErasureView;
  home: PortalHome;
  message: PortalMessageView;
  page_view: PageView;
  profile: PortalProfile;
  profile_update: ProfileUpdate;
  progress_step: ProgressStep;
  record: PortalRecord;
  record_detail: PortalRecordDetail;
  referral: Referral;
  registration: Registration;
  return_request: ReturnRequest;
  sign_in_link_request: SignInLinkRequest;
  sign_in_link_use: SignInLinkUse;
  ticket_request: TicketRequest;
  [k: string]: unknown | undefined;
}
export interface AppointmentMove {
  starts_at: string;
}
export interface AppointmentRequest {
  notes?: string;
  starts_at: string;
  topic: string;
}
export interface PortalConfig {
  email_link: boolean;
  password: boolean;
  registration: boolean;
  [k: string]: unknown | undefined;
}
export interface ConsentChoice {
  allowed: boolean;
  channel: "email" | "letter" | "phone" | "sms";
  status: ("opted_in" | "opted_out") | null;
  [k: string]: unknown | undefined;
}
export interface ConsentUpdate {
  channel: "email" | "letter" | "phone" | "sms";
  status: "opted_in" | "opted_out";
}
export interface ContactView {
  created_at: string;
  email: string | null;
  id: string;
  name: string;
  phone: string | null;
  [k: string]: unknown | undefined;
}
/**
 * A letter we sent the customer; `GET /documents/{id}/pdf` downloads it.
 */
export interface PortalDocument {
  created_at: string;
  id: number;
  kind: "letter";
  size: number;
  title: string;
  [k: string]: unknown | undefined;
}
export interface ErasureView {
  completed_at: string | null;
  id: string;
  requested_at: string;
  status: "completed" | "declined" | "requested";
  [k: string]: unknown | undefined;
}
export interface PortalHome {
  highlights: PortalMessageView[];
  name: string;
  open_records: number;
  unread_messages: number;
  [k: string]: unknown | undefined;
}
export interface PortalMessageView {
  body: string;
  created_at: string;
  id: number;
  link: string | null;
  pinned: boolean;
  read_at: string | null;
  title: string;
  [k: string]: unknown | undefined;
}
export interface PageView {
  /**
   * What the page is about, e.g. `orders` or `onboarding`.
   */
  category: string;
  path: string;
}
export interface PortalProfile {
  birthday: string | null;
  consent: ConsentChoice[];
  created_at: string;
  email: string | null;
  id: string;
  is_affiliate: boolean;
  locale: string | null;
  name: string;
  phone: string | null;
  timezone: string | null;
  [k: string]: unknown | undefined;
}
/**
 * Send only what changes; `null` clears a field. The sign-in email is not changed here.
 */
export interface ProfileUpdate {
  birthday?: string | null;
  locale?: string | null;
  name?: string;
  phone?: string | null;
  timezone?: string | null;
}
/**
 * One stage a record went through, in the customer's words.
 */
export interface ProgressStep {
  at: string;
  label: string;
  status: string;
  [k: string]: unknown | undefined;
}
export interface PortalRecord {
  created_at: string;
  data: {
    [k: string]: unknown | undefined;
  };
  due_at: string | null;
  id: string;
  kind: "appointment" | "enquiry" | "order" | "return" | "ticket";
  reference: string | null;
  starts_at: string | null;
  status: string;
  status_label: string;
  updated_at: string;
  [k: string]: unknown | undefined;
}
export interface PortalRecordDetail {
  progress: ProgressStep[];
  record: PortalRecord;
  [k: string]: unknown | undefined;
}
/**
 * A contact an affiliate brought in. Only what an affiliate may see: no contact details.
 */
export interface Referral {
  id: string;
  name: string;
  orders: number;
  referred_at: string;
  stage: "customer" | "lead";
  [k: string]: unknown | undefined;
}
/**
 * Sign up: the account is usable once the emailed link is opened (proof of the email).
 */
export interface Registration {
  email: string;
  name: string;
}
export interface ReturnRequest {
  order_id: string;
  reason: string;
}
export interface SignInLinkRequest {
  email: string;
}
export interface SignInLinkUse {
  token: string;
}
/**
 * A complaint or an enquiry.
 */
export interface TicketRequest {
  kind: "complaint" | "enquiry";
  message: string;
  order_id?: string | null;
  subject: string;
}
