/** The message log API (docs/channels-api.md), as the SPA uses it. */

export type MessageStatus = "queued" | "sent" | "failed" | "opened" | "clicked";
export type MessageChannel = "email" | "sms" | "letter" | "webhook";

export interface Message {
  key: string;
  outbox_id: number;
  channel: MessageChannel;
  status: MessageStatus;
  attempts: number;
  error: string | null;
  next_attempt_at: string | null;
  contact_id: string | null;
  contact_name: string | null;
  journey_id: string | null;
  node_id: string | null;
  template: string | null;
  recipient: string | null;
  subject: string | null;
  provider: string | null;
  opens: number;
  clicks: number;
  created_at: string;
  sent_at: string | null;
  opened_at: string | null;
  clicked_at: string | null;
}

export interface MessageDetail extends Message {
  body_html: string | null;
  body_text: string | null;
  raw: string | null;
  message_id: string | null;
  response: Record<string, unknown> | null;
  letter_id: number | null;
}

export interface MessagePage {
  items: Message[];
  total: number;
  page: number;
  page_size: number;
}

export interface MessageFilters {
  status: MessageStatus | null;
  channel: MessageChannel | null;
  q: string;
  page: number;
}

// Light badges print shade 9 on a tint (theme.ts): teal and green stay under 4.5:1 there
// (axe caught it on the Messages page), cyan and indigo pass.
export const STATUS_COLORS: Record<MessageStatus, string> = {
  queued: "gray",
  sent: "blue",
  opened: "cyan",
  clicked: "indigo",
  failed: "red",
};

export const CHANNEL_LABELS: Record<MessageChannel, string> = {
  email: "Email",
  sms: "SMS",
  letter: "Letter",
  webhook: "Webhook",
};
