/** The journeys API shapes (docs/journeys-api.md). The definition itself is generated. */
import type { JourneyDefinition } from "@/types/generated/journey";
import type { Problem } from "@/types/generated/journey-problems";

export type {
  Edge,
  JourneyDefinition,
  JourneyNode,
  JourneySettings,
} from "@/types/generated/journey";
export type { Problem } from "@/types/generated/journey-problems";

export type JourneyStatus = "draft" | "active" | "paused" | "archived";

export interface UserRef {
  id: string;
  name: string;
}

export interface JourneySummary {
  id: string;
  name: string;
  description: string | null;
  status: JourneyStatus;
  draft_revision: number;
  published_version: number | null;
  has_unpublished_changes: boolean;
  updated_at: string;
  updated_by: UserRef | null;
  created_at: string;
}

export interface Journey extends JourneySummary {
  definition: JourneyDefinition;
  problems: Problem[];
}

export interface JourneyPage {
  items: JourneySummary[];
  total: number;
}

export interface JourneyVersion {
  journey_id: string;
  version: number;
  definition: JourneyDefinition;
  published_at: string;
  published_by: UserRef;
  note: string | null;
}

export type VersionSummary = Omit<JourneyVersion, "journey_id" | "definition">;

export interface NamedItem {
  name: string;
  label: string;
}

export interface JobTypeInfo extends NamedItem {
  queue: string;
  outcomes: string[];
}

/** `GET /journeys/catalog`: what the pickers offer and validation checks against. */
export interface ApiCatalog {
  queues: NamedItem[];
  job_types: JobTypeInfo[];
  email_templates: NamedItem[];
  sms_templates: NamedItem[];
  letter_templates: NamedItem[];
  segments: NamedItem[];
  event_names: string[];
}

export interface TemplateInfo {
  slug: string;
  name: string;
  description: string;
  scenario: string | null;
}

export const EXPORT_FORMAT = "waymark.journey/v1";

export interface JourneyExport {
  format: typeof EXPORT_FORMAT;
  name: string;
  description: string | null;
  definition: JourneyDefinition;
}
