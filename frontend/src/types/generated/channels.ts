/**
 * Generated from schemas/channels.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * What `schemas/channels.json` holds: the table, the lists derived from it, and the
 *     template kinds. Its schema (`channels.schema.json`) types the lists as the Literals.
 */
export interface ChannelsDocument {
  channels: Channel[];
  consent_channels: ("email" | "letter" | "phone" | "sms")[];
  message_channels: ("email" | "letter" | "sms" | "webhook")[];
  opt_in_channels: ("email" | "letter" | "phone" | "sms")[];
  template_channels: ("email" | "letter" | "sms")[];
  template_kinds: TemplateKindInfo[];
  [k: string]: unknown | undefined;
}
/**
 * One channel: how consent works on it, what sends it and what its templates hold.
 */
export interface Channel {
  consent: ("opt_in" | "opt_out") | null;
  consent_description: string;
  consent_label: string;
  label: string;
  name: "email" | "letter" | "phone" | "sms" | "webhook";
  node_kind: string | null;
  outbox_kind: string | null;
  plural: string;
  template_parts: ("html" | "subject" | "text")[];
  tracked: boolean;
  [k: string]: unknown | undefined;
}
/**
 * A kind of saved template and the parts it has.
 */
export interface TemplateKindInfo {
  label: string;
  name: "email" | "guidance" | "layout" | "letter" | "sms";
  parts: ("html" | "subject" | "text")[];
  [k: string]: unknown | undefined;
}
