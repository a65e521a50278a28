/**
 * The segments API's shapes (docs/contacts-api.md, "Segments"): generated from the
 * backend's schema (types/generated/segments-api.ts).
 */
export type { Preview, Segment, SegmentCreate } from "@/types/generated/segments-api";
