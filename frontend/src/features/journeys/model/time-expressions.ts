/**
 * Dates and times in journey steps, in words a marketer reads: "1 day before
 * object.starts_at at 09:00, in each contact's own time zone". Pure, so the inspector's
 * widgets and the canvas cards say the same thing.
 */
import cronstrue from "cronstrue";
import type { Duration } from "@/types/generated/journey";

export const TIME_OF_DAY_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

export const WEEKDAYS = [
  { value: "mon", label: "Mon", long: "Monday" },
  { value: "tue", label: "Tue", long: "Tuesday" },
  { value: "wed", label: "Wed", long: "Wednesday" },
  { value: "thu", label: "Thu", long: "Thursday" },
  { value: "fri", label: "Fri", long: "Friday" },
  { value: "sat", label: "Sat", long: "Saturday" },
  { value: "sun", label: "Sun", long: "Sunday" },
] as const;

export type WeekdayCode = (typeof WEEKDAYS)[number]["value"];

const ORDER: Record<string, number> = Object.fromEntries(WEEKDAYS.map((d, i) => [d.value, i]));

/** "Mon–Fri", "Sat, Sun", "Mon, Wed, Fri", or "every day" for none or all seven. */
export function describeWeekdays(days: readonly string[] | null | undefined): string {
  const sorted = [...new Set(days ?? [])]
    .filter((d) => d in ORDER)
    .sort((a, b) => (ORDER[a] ?? 0) - (ORDER[b] ?? 0));
  if (sorted.length === 0 || sorted.length === 7) return "every day";
  const label = (d: string) => WEEKDAYS[ORDER[d] ?? 0]?.label ?? d;
  const indexes = sorted.map((d) => ORDER[d] ?? 0);
  const consecutive = indexes.every((v, i) => i === 0 || v === (indexes[i - 1] ?? 0) + 1);
  if (consecutive && sorted.length >= 3) {
    return `${label(sorted[0] ?? "")}–${label(sorted.at(-1) ?? "")}`;
  }
  return sorted.map(label).join(", ");
}

/** "each contact's own time zone", "UTC", "Europe/London". */
export function describeTimeZone(zone: string | null | undefined): string {
  if (!zone || zone === "contact") return "each contact's own time zone";
  return zone;
}

/** Every zone the browser knows, with the contact's own first; empty if it cannot list them. */
export function timeZoneOptions(): { value: string; label: string }[] {
  const known =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const zones = known.filter((z) => z !== "UTC" && /^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(z));
  return [
    { value: "contact", label: "Each contact's own time zone" },
    { value: "UTC", label: "UTC" },
    ...zones.map((z) => ({ value: z, label: z.replaceAll("_", " ") })),
  ];
}

function plural(d: Duration): string {
  const unit = d.amount === 1 ? d.unit.replace(/s$/, "") : d.unit;
  return `${d.amount} ${unit}`;
}

export interface WaitUntilDate {
  date_field?: string | null;
  offset?: Duration | null;
  offset_direction?: "before" | "after" | null;
  at?: string | null;
  timezone?: string | null;
  when_passed?: "continue" | "end" | null;
}

/** "Until 1 day before object.starts_at, at 09:00 in each contact's own time zone." */
export function describeWaitUntilDate(config: WaitUntilDate): string {
  const field = config.date_field || "a date from the data";
  const offset = config.offset
    ? `${plural(config.offset)} ${config.offset_direction ?? "before"} ${field}`
    : field;
  const at = config.at
    ? `, at ${config.at} in ${describeTimeZone(config.timezone)}`
    : ", at the time it holds";
  const passed =
    config.when_passed === "end"
      ? " If the date is missing or has passed, the contact leaves."
      : " If the date is missing or has passed, the contact goes on at once.";
  return `Until ${offset}${at}.${passed}`;
}

export interface WaitUntilTime {
  at?: string | null;
  weekdays?: readonly string[] | null;
  timezone?: string | null;
}

/** "Until the next 09:00 on Mon–Fri, in each contact's own time zone." */
export function describeWaitUntilTime(config: WaitUntilTime): string {
  const days = describeWeekdays(config.weekdays);
  const when = days === "every day" ? "" : ` on ${days}`;
  return `Until the next ${config.at || "time of day"}${when}, in ${describeTimeZone(config.timezone)}.`;
}

/** A cron expression in words, or the reason it is not one. */
export function describeCron(expression: string): { text: string } | { error: string } {
  const trimmed = expression.trim();
  if (trimmed.split(/\s+/).length !== 5) {
    return { error: "Write five fields: minute hour day-of-month month weekday, e.g. 0 9 * * 1." };
  }
  try {
    return {
      text: cronstrue.toString(trimmed, {
        use24HourTimeFormat: true,
        throwExceptionOnParseError: true,
        verbose: true,
      }),
    };
  } catch (error) {
    const reason = typeof error === "string" ? error : (error as Error).message;
    return { error: reason.replace(/^Error: /, "") };
  }
}

/** Date fields journeys commonly wait on; any dotted path may be typed instead. */
export const DATE_FIELD_SUGGESTIONS = [
  { group: "Contact", items: ["contact.birthday", "contact.created_at"] },
  {
    group: "Related object (order, appointment, subscription…)",
    items: [
      "object.starts_at",
      "object.due_at",
      "object.ends_at",
      "object.created_at",
      "object.updated_at",
    ],
  },
  { group: "The event that arrived", items: ["event.occurred_at"] },
  { group: "Journey variables", items: ["vars.follow_up_at"] },
];
