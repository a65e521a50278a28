/**
 * The journeys API's shapes (docs/journeys-api.md): generated from the backend's schemas
 * (types/generated/journeys-api.ts; the definition itself, types/generated/journey.ts).
 */
import type { JourneyExport, JourneySummary } from "@/types/generated/journeys-api";

export type {
  Edge,
  JourneyDefinition,
  JourneyNode,
  JourneySettings,
} from "@/types/generated/journey";
export type { Problem } from "@/types/generated/journey-problems";
export type {
  CatalogItem as NamedItem,
  CatalogJobType as JobTypeInfo,
  Journey,
  JourneyCatalog as ApiCatalog,
  JourneyExport,
  JourneyPage,
  JourneySummary,
  JourneyVersion,
  Person as UserRef,
  TemplateInfo,
  VersionSummary,
} from "@/types/generated/journeys-api";

export type JourneyStatus = JourneySummary["status"];

export const EXPORT_FORMAT: JourneyExport["format"] = "waymark.journey/v1";
