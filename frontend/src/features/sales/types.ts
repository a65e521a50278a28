/**
 * The sales API's shapes (docs/sales-api.md): generated from the backend's schema
 * (types/generated/sales-api.ts).
 */
export type {
  BucketView,
  CardDetail,
  CardPage,
  CardView,
  ConditionGroup,
  HistoryEntry,
  ImportReport,
  MoveView,
  OutcomeInput,
  Person,
  PreviewItem,
  ProcessInput,
  ProcessView,
  ProjectDetail,
  ProjectSummary,
  RunPreview,
  RunView,
} from "@/types/generated/sales-api";

import type { ProcessInput } from "@/types/generated/sales-api";

export type Placement = ProcessInput["placement"];
export type Frequency = ProcessInput["frequency"];
