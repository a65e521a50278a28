/**
 * The portal API's shapes (docs/portal-api.md, "Shapes"): generated from the backend's
 * schema (types/generated/portal-api.ts), plus the unions the SPA names.
 */
export type {
  AppointmentRequest,
  ConsentChoice,
  ErasureView,
  PortalConfig,
  PortalDocument,
  PortalHome,
  PortalMessageView as PortalMessage,
  PortalProfile,
  PortalRecord,
  PortalRecordDetail,
  ProfileUpdate,
  ProgressStep,
  Referral,
  ReturnRequest,
  TicketRequest,
} from "@/types/generated/portal-api";

import type { ConsentChoice, PortalRecord } from "@/types/generated/portal-api";

export type ConsentChannel = ConsentChoice["channel"];
export type ConsentStatus = NonNullable<ConsentChoice["status"]>;
export type RecordKind = PortalRecord["kind"];
