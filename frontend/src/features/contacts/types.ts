/**
 * The contacts API's shapes (docs/contacts-api.md): generated from the backend's schemas
 * (types/generated/contacts-api.ts; the timeline is a report, types/generated/reports-api.ts),
 * plus the unions and lists the SPA iterates over.
 */
import type { ObjectView } from "@/types/generated/contacts-api";

export type { ConsentChannel as Channel } from "@/lib/channels";
export { CONSENT_CHANNELS as CHANNELS } from "@/lib/channels";
export type {
  ConsentRecord,
  ConsentView,
  ContactDetail as Contact,
  ContactPage,
  ContactSummary,
  ContactUpdate,
  NoteView as Note,
  ObjectCreate,
  ObjectView as ContactObject,
  OwnerView as Owner,
} from "@/types/generated/contacts-api";
export type { TimelineItem, TimelinePage } from "@/types/generated/reports-api";

import type { ConsentView } from "@/types/generated/contacts-api";

export type ConsentStatus = NonNullable<ConsentView["status"]>;
export type ObjectKind = ObjectView["kind"];

// Every kind once: a kind the backend adds fails the type check here until it is listed.
const OBJECT_KIND_SET: Record<ObjectKind, true> = {
  order: true,
  return: true,
  ticket: true,
  appointment: true,
  subscription: true,
  enquiry: true,
};
export const OBJECT_KINDS = Object.keys(OBJECT_KIND_SET) as ObjectKind[];

/** The timeline's kinds the SPA draws in its own way; others are shown plainly. */
export type TimelineKind = "event" | "journey_step" | "message";
