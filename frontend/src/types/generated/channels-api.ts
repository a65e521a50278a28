/**
 * Generated from schemas/channels-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the templates and message log API in one schema
 *     (schemas/channels-api.schema.json), so the SPA's TypeScript types are generated.
 */
export interface ChannelsApi {
  letter: LetterInfo;
  message: Message;
  message_detail: MessageDetail;
  message_page: MessagePage;
  preview: Preview;
  preview_contact: PreviewContact;
  preview_error: PreviewError;
  preview_request: PreviewRequest;
  saved_preview_request: SavedPreviewRequest;
  template: Template;
  template_write: TemplateWrite;
  [k: string]: unknown | undefined;
}
export interface LetterInfo {
  contact_id: string;
  created_at: string;
  id: number;
  key: string;
  print_queue: string | null;
  size: number;
  template: string | null;
  [k: string]: unknown | undefined;
}
export interface Message {
  attempts: number;
  channel: "email" | "letter" | "sms" | "webhook";
  clicked_at: string | null;
  clicks: number;
  contact_id: string | null;
  contact_name: string | null;
  created_at: string;
  error: string | null;
  journey_id: string | null;
  key: string;
  next_attempt_at: string | null;
  node_id: string | null;
  opened_at: string | null;
  opens: number;
  outbox_id: number;
  provider: string | null;
  recipient: string | null;
  sent_at: string | null;
  status: "clicked" | "failed" | "opened" | "queued" | "sent";
  subject: string | null;
  template: string | null;
  [k: string]: unknown | undefined;
}
export interface MessageDetail {
  attempts: number;
  body_html: string | null;
  body_text: string | null;
  channel: "email" | "letter" | "sms" | "webhook";
  clicked_at: string | null;
  clicks: number;
  contact_id: string | null;
  contact_name: string | null;
  created_at: string;
  error: string | null;
  journey_id: string | null;
  key: string;
  letter_id: number | null;
  message_id: string | null;
  next_attempt_at: string | null;
  node_id: string | null;
  opened_at: string | null;
  opens: number;
  outbox_id: number;
  provider: string | null;
  raw: string | null;
  recipient: string | null;
  response: {
    [k: string]: unknown | undefined;
  } | null;
  sent_at: string | null;
  status: "clicked" | "failed" | "opened" | "queued" | "sent";
  subject: string | null;
  template: string | null;
  [k: string]: unknown | undefined;
}
export interface MessagePage {
  items: Message[];
  page: number;
  page_size: number;
  total: number;
  [k: string]: unknown | undefined;
}
export interface Preview {
  error: PreviewError | null;
  html: string;
  ok: boolean;
  subject: string | null;
  text: string;
  variables: string[];
  [k: string]: unknown | undefined;
}
export interface PreviewError {
  line: number | null;
  message: string;
  part: string;
  [k: string]: unknown | undefined;
}
export interface PreviewContact {
  email: string | null;
  id: string;
  name: string;
  [k: string]: unknown | undefined;
}
/**
 * Render texts (saved or not) against a contact and sample event/object/variables.
 */
export interface PreviewRequest {
  body_html?: string;
  body_text?: string;
  channel: "email" | "guidance" | "layout" | "letter" | "sms";
  contact_id?: string | null;
  event?: {
    [k: string]: unknown | undefined;
  };
  journey?: {
    [k: string]: unknown | undefined;
  };
  object?: {
    [k: string]: unknown | undefined;
  };
  subject?: string | null;
}
export interface SavedPreviewRequest {
  contact_id?: string | null;
  event?: {
    [k: string]: unknown | undefined;
  };
  journey?: {
    [k: string]: unknown | undefined;
  };
  object?: {
    [k: string]: unknown | undefined;
  };
}
export interface Template {
  body_html: string;
  body_text: string;
  channel: "email" | "guidance" | "layout" | "letter" | "sms";
  id: string;
  label: string;
  name: string;
  subject: string | null;
  updated_at: string;
  [k: string]: unknown | undefined;
}
export interface TemplateWrite {
  body_html?: string;
  body_text?: string;
  channel: "email" | "guidance" | "layout" | "letter" | "sms";
  expected_updated_at?: string | null;
  label: string;
  /**
   * What journey steps name: lower case, digits and _, e.g. `welcome`.
   */
  name: string;
  subject?: string | null;
}
