/**
 * The templates API (docs/channels-api.md): generated from the backend's schema
 * (types/generated/channels-api.ts). The kinds and their labels come from their one
 * definition (lib/channels).
 */
import type {
  PreviewRequest as PreviewBody,
  TemplateWrite as TemplateBody,
} from "@/types/generated/channels-api";

export type { TemplateKind } from "@/lib/channels";
export { TEMPLATE_KIND_LABELS as KIND_LABELS } from "@/lib/channels";
export type {
  Preview,
  PreviewContact,
  PreviewError,
  Template,
} from "@/types/generated/channels-api";

/** A template as the editors send it: every text, and on update the version they loaded. */
export type TemplateWrite = Required<Omit<TemplateBody, "expected_updated_at">> &
  Pick<TemplateBody, "expected_updated_at">;

/** A preview as the editors ask for it: the texts always sent, the samples optional. */
export type PreviewRequest = Omit<PreviewBody, "contact_id"> &
  Required<Pick<PreviewBody, "contact_id">>;
