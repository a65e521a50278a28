/**
 * Queue filters ⇄ URL search parameters ⇄ the GET /jobs query.
 *
 * The dashboard keeps its filters in the address bar, so a view can be bookmarked, shared
 * and reloaded; the keys are the API's own query parameters, so the same object is what a
 * saved filter stores. Anything unknown or malformed in a URL is dropped, never sent.
 */
import {
  inOrder,
  JOB_STATUSES,
  type JobFilters,
  type JobStatus,
  PRIORITIES,
  type Priority,
  type Scope,
  type SortKey,
} from "../types";

export const SCOPES = inOrder<Scope>()(["default", "mine", "unassigned", "all"]);
export const SORTS = inOrder<SortKey>()([
  "-created_at",
  "created_at",
  "due_at",
  "-due_at",
  "-priority",
  "priority",
]);
export const DEFAULT_SORT: SortKey = "-created_at";

/** The keys a filter object may hold, in the order URLs list them (every one: a filter the
 * backend adds to JobFilters fails the type check here until it is listed and parsed). */
const KEYS = inOrder<keyof JobFilters>()([
  "scope",
  "status",
  "type",
  "priority",
  "assignee",
  "q",
  "created_from",
  "created_to",
  "due_from",
  "due_to",
  "overrunning",
  "sort",
]);

const DATE_KEYS = ["created_from", "created_to", "due_from", "due_to"] as const;
const TYPE_NAME = /^[a-z][a-z0-9_]*$/;
const ASSIGNEE = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function uniqueSorted<T extends string>(values: T[], order: readonly T[]): T[] {
  return order.filter((value) => values.includes(value));
}

function isIsoDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

/** Reads filters from a URL's search parameters; bad values are dropped. */
export function filtersFromSearch(params: URLSearchParams): JobFilters {
  const filters: JobFilters = {};
  const scope = params.get("scope");
  if (scope && isOneOf(SCOPES, scope)) filters.scope = scope;

  const statuses = params.getAll("status").filter((s): s is JobStatus => isOneOf(JOB_STATUSES, s));
  if (statuses.length) filters.status = uniqueSorted(statuses, JOB_STATUSES);
  const priorities = params.getAll("priority").filter((p): p is Priority => isOneOf(PRIORITIES, p));
  if (priorities.length) filters.priority = uniqueSorted(priorities, PRIORITIES);
  const types = [...new Set(params.getAll("type").filter((t) => TYPE_NAME.test(t)))].sort();
  if (types.length) filters.type = types;

  const assignee = params.get("assignee");
  if (assignee && ASSIGNEE.test(assignee)) filters.assignee = assignee.toLowerCase();
  const q = params.get("q")?.trim();
  if (q) filters.q = q.slice(0, 200);
  for (const key of DATE_KEYS) {
    const value = params.get(key);
    if (value && isIsoDateTime(value)) filters[key] = value;
  }
  const overrunning = params.get("overrunning");
  if (overrunning === "true" || overrunning === "1") filters.overrunning = true;
  const sort = params.get("sort");
  if (sort && isOneOf(SORTS, sort) && sort !== DEFAULT_SORT) filters.sort = sort;
  return filters;
}

/** Appends each set filter to `params`, in one stable order (repeatable keys repeated). */
function appendFilters(
  params: URLSearchParams,
  filters: JobFilters | StoredFilters,
): URLSearchParams {
  for (const key of KEYS) {
    const value = filters[key];
    // Saved filters from the server may carry `null` for an unset key.
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(key, item);
    } else {
      params.append(key, String(value));
    }
  }
  return params;
}

/** Filters as a saved filter stores them (the server may send `null` for unset keys). */
export type StoredFilters = { [K in keyof JobFilters]?: JobFilters[K] | null };

/** Filters as URL search parameters: only what is set, defaults left out. */
export function filtersToSearch(filters: JobFilters | StoredFilters): URLSearchParams {
  return appendFilters(new URLSearchParams(), normalizeFilters(filters));
}

/** The same filters without empty values or defaults, so equal views compare equal. */
export function normalizeFilters(filters: JobFilters | StoredFilters): JobFilters {
  return filtersFromSearch(appendFilters(new URLSearchParams(), filters));
}

export function filtersEqual(
  a: JobFilters | StoredFilters,
  b: JobFilters | StoredFilters,
): boolean {
  return filtersToSearch(a).toString() === filtersToSearch(b).toString();
}

/** How many filters are set (sort and scope are views, not filters). */
export function activeFilterCount(filters: JobFilters): number {
  const { sort: _sort, scope: _scope, ...rest } = normalizeFilters(filters);
  return Object.keys(rest).length;
}

export interface ListRequest {
  queues: readonly string[];
  filters: JobFilters;
  cursor?: string | null;
  limit?: number;
}

/** The GET /jobs URL for a page of a queue view. */
export function jobsListUrl({ queues, filters, cursor, limit }: ListRequest): string {
  const params = new URLSearchParams();
  for (const queue of queues) params.append("queue", queue);
  appendFilters(params, normalizeFilters(filters));
  if (limit) params.set("limit", String(limit));
  if (cursor) params.set("cursor", cursor);
  const search = params.toString();
  return search ? `/api/v1/jobs?${search}` : "/api/v1/jobs";
}

/** The scope a queue view starts with: everything for supervisors, else unassigned + mine. */
export function defaultScope(canSupervise: boolean): Scope {
  return canSupervise ? "all" : "default";
}

/** Local calendar day → the UTC instant it starts, as the API's ISO datetime. */
export function startOfDayIso(day: Date | string): string {
  const date = typeof day === "string" ? new Date(`${day}T00:00:00`) : new Date(day);
  date.setHours(0, 0, 0, 0);
  return date.toISOString();
}

/** An inclusive last day → the exclusive bound the API wants (the next day's start). */
export function endOfDayExclusiveIso(day: Date | string): string {
  const date = typeof day === "string" ? new Date(`${day}T00:00:00`) : new Date(day);
  date.setHours(0, 0, 0, 0);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
}

/** The local calendar day (YYYY-MM-DD) an ISO instant falls on, for date pickers. */
export function localDay(iso: string | null | undefined, exclusiveEnd = false): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  if (exclusiveEnd) date.setMilliseconds(date.getMilliseconds() - 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
