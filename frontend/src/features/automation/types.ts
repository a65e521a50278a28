/** docs/automation-api.md, "Shapes". */

import type { ConditionGroup } from "@/types/generated/journey";

export type { ConditionGroup };

export interface Notification {
  id: number;
  title: string;
  body: string;
  link: string | null;
  contact_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPage {
  items: Notification[];
  /** Unread in all, not only on this page: the bell's badge. */
  unread: number;
}

export interface MarkedRead {
  marked: number;
  unread: number;
}

export interface ScoreRule {
  id: string;
  name: string;
  event_name: string;
  condition: ConditionGroup | null;
  points: number;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface ScoreRuleInput {
  name: string;
  event_name: string;
  points: number;
  condition: ConditionGroup | null;
  active: boolean;
}

export interface ScheduleRun {
  id: number;
  journey_id: string;
  journey_name: string;
  version: number;
  node_id: string;
  due_at: string;
  timezones: string[];
  started_at: string;
  finished_at: string | null;
  /** Contacts the run picked (one `schedule.fired` event each). */
  enrolled: number;
}

export interface ScheduleRunPage {
  items: ScheduleRun[];
  total: number;
}

export interface Schedule {
  journey_id: string;
  journey_name: string;
  version: number;
  node_id: string;
  label: string;
  description: string;
  segment: string | null;
  next_run_at: string | null;
  last_run: ScheduleRun | null;
}
