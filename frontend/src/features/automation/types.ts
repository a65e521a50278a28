/**
 * The automation API's shapes (docs/automation-api.md, "Shapes"): generated from the
 * backend's schema (types/generated/automation-api.ts).
 */
import type { ScoreRuleCreate } from "@/types/generated/automation-api";

export type {
  ConditionGroup,
  MarkedRead,
  NotificationPage,
  NotificationView as Notification,
  ScheduleRunPage,
  ScheduleRunView as ScheduleRun,
  ScheduleView as Schedule,
  ScoreRule,
} from "@/types/generated/automation-api";

/** A rule as the rule form sends it (to create, or as the whole of an update). */
export type ScoreRuleInput = Required<ScoreRuleCreate>;
