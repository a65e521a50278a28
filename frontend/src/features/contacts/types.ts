/** The contacts API's shapes (docs/contacts-api.md). */

export type Channel = "email" | "sms" | "letter" | "phone";
export type ConsentStatus = "opted_in" | "opted_out";
export type ObjectKind = "order" | "return" | "ticket" | "appointment" | "subscription" | "enquiry";

export const CHANNELS: Channel[] = ["email", "sms", "letter", "phone"];
export const OBJECT_KINDS: ObjectKind[] = [
  "order",
  "return",
  "ticket",
  "appointment",
  "subscription",
  "enquiry",
];

export interface Owner {
  id: string;
  name: string;
  email: string;
}

export interface ConsentView {
  channel: Channel;
  status: ConsentStatus | null;
  allowed: boolean;
}

export interface ContactSummary {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  tags: string[];
  score: number;
  owner: Owner | null;
  created_at: string;
}

export interface ContactPage {
  items: ContactSummary[];
  total: number;
  page: number;
  page_size: number;
}

export interface Contact extends ContactSummary {
  timezone: string | null;
  locale: string | null;
  birthday: string | null;
  attributes: Record<string, unknown>;
  consent: ConsentView[];
  updated_at: string;
}

export interface ContactUpdate {
  name?: string;
  email?: string | null;
  phone?: string | null;
  external_id?: string | null;
  timezone?: string | null;
  locale?: string | null;
  birthday?: string | null;
  attributes?: Record<string, unknown>;
}

export interface ConsentRecord {
  id: number;
  channel: Channel;
  status: ConsentStatus;
  changed_at: string;
  source: string;
  actor_id: string | null;
}

export interface ContactObject {
  id: string;
  contact_id: string;
  kind: ObjectKind;
  external_ref: string | null;
  status: string;
  data: Record<string, unknown>;
  due_at: string | null;
  starts_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ObjectCreate {
  kind: ObjectKind;
  status: string;
  external_ref?: string;
  data?: Record<string, unknown>;
  due_at?: string;
  starts_at?: string;
}

export interface Note {
  id: number;
  body: string;
  author: Owner | null;
  created_at: string;
}

export type TimelineKind = "event" | "journey_step" | "message";

export interface TimelineItem {
  kind: TimelineKind | string;
  id: string;
  at: string;
  title: string;
  detail: Record<string, unknown>;
}

export interface TimelinePage {
  items: TimelineItem[];
  next_cursor: string | null;
}
