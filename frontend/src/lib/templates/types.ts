/** The templates API (docs/channels-api.md), as the SPA uses it. */

export type TemplateKind = "email" | "sms" | "letter" | "guidance" | "layout";

export interface Template {
  id: string;
  name: string;
  label: string;
  channel: TemplateKind;
  subject: string | null;
  body_html: string;
  body_text: string;
  updated_at: string;
}

export interface TemplateWrite {
  name: string;
  label: string;
  channel: TemplateKind;
  subject: string | null;
  body_html: string;
  body_text: string;
  /** On update: the `updated_at` the editor loaded; the API refuses a stale save (409). */
  expected_updated_at?: string | null;
}

export interface PreviewRequest
  extends Omit<TemplateWrite, "name" | "label" | "expected_updated_at"> {
  contact_id: string | null;
  event: Record<string, unknown>;
  object?: Record<string, unknown>;
  journey?: Record<string, unknown>;
}

export interface PreviewError {
  part: string;
  message: string;
  line: number | null;
}

export interface Preview {
  ok: boolean;
  subject: string | null;
  html: string;
  text: string;
  error: PreviewError | null;
  variables: string[];
}

export interface PreviewContact {
  id: string;
  name: string;
  email: string | null;
}

export const KIND_LABELS: Record<TemplateKind, string> = {
  email: "Email",
  sms: "SMS",
  letter: "Letter",
  guidance: "Job guidance",
  layout: "Layout",
};
