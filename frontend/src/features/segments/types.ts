import type { ConditionGroup } from "@/types/generated/journey";

/** The segments API's shapes (docs/contacts-api.md, "Segments"). */
export interface Segment {
  id: string;
  name: string;
  label: string;
  description: string;
  condition: ConditionGroup;
  /** Null when the condition cannot be counted (see `problems`). */
  count: number | null;
  problems: string[];
  created_at: string;
  updated_at: string;
}

export interface SegmentCreate {
  name: string;
  label: string;
  description?: string;
  condition: ConditionGroup;
}

export interface Preview {
  count: number;
  sample: { id: string; name: string; email: string | null }[];
}
