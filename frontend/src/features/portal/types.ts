/** The portal API's shapes (docs/portal-api.md, "Shapes"). */

export type ConsentChannel = "email" | "sms" | "letter" | "phone";
export type ConsentStatus = "opted_in" | "opted_out";
export type RecordKind = "order" | "return" | "ticket" | "enquiry" | "appointment";

export interface ConsentChoice {
  channel: ConsentChannel;
  status: ConsentStatus | null;
  allowed: boolean;
}

export interface PortalProfile {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timezone: string | null;
  locale: string | null;
  birthday: string | null;
  consent: ConsentChoice[];
  is_affiliate: boolean;
  created_at: string;
}

export interface ProfileUpdate {
  name?: string;
  phone?: string | null;
  timezone?: string | null;
  locale?: string | null;
}

export interface PortalRecord {
  id: string;
  kind: RecordKind;
  reference: string | null;
  status: string;
  status_label: string;
  data: Record<string, unknown>;
  due_at: string | null;
  starts_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProgressStep {
  at: string;
  status: string;
  label: string;
}

export interface PortalRecordDetail {
  record: PortalRecord;
  progress: ProgressStep[];
}

export interface PortalMessage {
  id: number;
  title: string;
  body: string;
  link: string | null;
  pinned: boolean;
  created_at: string;
  read_at: string | null;
}

export interface PortalHome {
  name: string;
  highlights: PortalMessage[];
  unread_messages: number;
  open_records: number;
}

export interface PortalDocument {
  id: number;
  title: string;
  kind: "letter";
  size: number;
  created_at: string;
}

export interface ErasureView {
  id: string;
  status: "requested" | "completed" | "declined";
  requested_at: string;
  completed_at: string | null;
}

export interface Referral {
  id: string;
  name: string;
  stage: "lead" | "customer";
  orders: number;
  referred_at: string;
}

export interface PortalConfig {
  password: boolean;
  email_link: boolean;
  registration: boolean;
}

export interface ReturnRequest {
  order_id: string;
  reason: string;
}

export interface TicketRequest {
  kind: "complaint" | "enquiry";
  subject: string;
  message: string;
  order_id?: string | null;
}

export interface AppointmentRequest {
  starts_at: string;
  topic: string;
  notes?: string;
}
