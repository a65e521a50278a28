/**
 * The contact list's filters, kept in the page address (so a filtered list can be
 * bookmarked and the back button works), and as the API's query parameters.
 */
import type { QueryParams } from "@/lib/api-client";

export const PAGE_SIZE = 25;

export interface ContactFilters {
  q: string;
  tag: string | null;
  segment: string | null;
  /** A user id, or "none" for contacts nobody owns. */
  owner: string | null;
  /** `<channel>:allowed` or `<channel>:refused`. */
  consent: string | null;
  score_min: number | null;
  score_max: number | null;
  page: number;
  page_size: number;
}

export const NO_FILTERS: ContactFilters = {
  q: "",
  tag: null,
  segment: null,
  owner: null,
  consent: null,
  score_min: null,
  score_max: null,
  page: 1,
  page_size: PAGE_SIZE,
};

function wholeNumber(raw: string | null): number | null {
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isInteger(value) ? value : null;
}

function text(raw: string | null): string | null {
  return raw?.trim() ? raw.trim() : null;
}

export function filtersFromSearch(params: URLSearchParams): ContactFilters {
  const page = wholeNumber(params.get("page"));
  return {
    q: params.get("q") ?? "",
    tag: text(params.get("tag")),
    segment: text(params.get("segment")),
    owner: text(params.get("owner")),
    consent: text(params.get("consent")),
    score_min: wholeNumber(params.get("score_min")),
    score_max: wholeNumber(params.get("score_max")),
    page: page !== null && page >= 1 ? page : 1,
    page_size: PAGE_SIZE,
  };
}

/** Only what differs from "no filter", so a plain list has a plain address. */
export function filtersToSearch(filters: ContactFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set("q", filters.q);
  for (const key of ["tag", "segment", "owner", "consent"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.score_min !== null) params.set("score_min", String(filters.score_min));
  if (filters.score_max !== null) params.set("score_max", String(filters.score_max));
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

export function filtersToQuery(filters: ContactFilters): QueryParams {
  return {
    q: filters.q.trim() || null,
    tag: filters.tag,
    segment: filters.segment,
    owner: filters.owner,
    consent: filters.consent,
    score_min: filters.score_min,
    score_max: filters.score_max,
    page: filters.page,
    page_size: filters.page_size,
  };
}

/** A changed filter starts again at page 1; changing the page keeps the rest. */
export function withFilter<K extends keyof ContactFilters>(
  filters: ContactFilters,
  key: K,
  value: ContactFilters[K],
): ContactFilters {
  return { ...filters, [key]: value, page: key === "page" ? (value as number) : 1 };
}

export function activeFilterCount(filters: ContactFilters): number {
  return (
    [filters.tag, filters.segment, filters.owner, filters.consent].filter(Boolean).length +
    (filters.score_min !== null ? 1 : 0) +
    (filters.score_max !== null ? 1 : 0)
  );
}
