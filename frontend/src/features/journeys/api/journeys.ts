import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { EventDetail } from "@/types/generated/event-detail";
import type { EventPage } from "@/types/generated/event-page";
import type { JourneyDefinition } from "@/types/generated/journey";
import type { Catalog } from "@/types/generated/journey-catalog";
import type { Problem } from "@/types/generated/journey-problems";
import type {
  FieldCatalog,
  PublishReview,
  TestSendRequest,
  TestSendResult,
} from "@/types/generated/journeys-api";
import type { JourneyStats } from "../model/stats";
import type {
  ApiCatalog,
  Journey,
  JourneyExport,
  JourneyPage,
  JourneyStatus,
  JourneySummary,
  JourneyVersion,
  TemplateInfo,
  VersionSummary,
} from "../types";

const BASE = "/api/v1/journeys";

export interface JourneyFilters {
  q: string;
  status: JourneyStatus | null;
  page: number;
  page_size: number;
}

export const journeyKeys = {
  all: ["journeys"] as const,
  lists: () => [...journeyKeys.all, "list"] as const,
  list: (filters: JourneyFilters) => [...journeyKeys.lists(), filters] as const,
  detail: (id: string) => [...journeyKeys.all, "detail", id] as const,
  versions: (id: string) => [...journeyKeys.all, "versions", id] as const,
  version: (id: string, version: number) => [...journeyKeys.versions(id), version] as const,
  library: () => [...journeyKeys.all, "library"] as const,
  sampleEvent: (name: string, contactId: string | null) =>
    [...journeyKeys.all, "sample-event", name, contactId] as const,
  catalog: () => [...journeyKeys.all, "catalog"] as const,
  fields: () => [...journeyKeys.all, "catalog", "fields"] as const,
  stats: (id: string) => [...journeyKeys.all, "stats", id] as const,
  review: (id: string) => [...journeyKeys.all, "review", id] as const,
};

/** How often the canvas overlay's numbers refresh while it is shown. */
export const STATS_REFETCH_MS = 10_000;

export const journeyListQueryOptions = (filters: JourneyFilters) =>
  queryOptions({
    queryKey: journeyKeys.list(filters),
    queryFn: ({ signal }) =>
      api.get<JourneyPage>(BASE, {
        signal,
        query: {
          q: filters.q || undefined,
          status: filters.status,
          page: filters.page,
          page_size: filters.page_size,
        },
      }),
    placeholderData: keepPreviousData,
  });

export const journeyQueryOptions = (id: string) =>
  queryOptions({
    queryKey: journeyKeys.detail(id),
    queryFn: ({ signal }) => api.get<Journey>(`${BASE}/${id}`, { signal }),
    // The editor owns the draft once it is open: a refetch must not replace it.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

export const versionsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: journeyKeys.versions(id),
    queryFn: ({ signal }) => api.get<VersionSummary[]>(`${BASE}/${id}/versions`, { signal }),
  });

export const versionQueryOptions = (id: string, version: number) =>
  queryOptions({
    queryKey: journeyKeys.version(id, version),
    queryFn: ({ signal }) =>
      api.get<JourneyVersion>(`${BASE}/${id}/versions/${version}`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** What publishing the saved draft would do (entries a week, contacts running): fresh each time. */
export const journeyReviewQueryOptions = (id: string) =>
  queryOptions({
    queryKey: journeyKeys.review(id),
    queryFn: ({ signal }) => api.get<PublishReview>(`${BASE}/${id}/review`, { signal }),
    staleTime: 0,
    gcTime: 0,
  });

/** Per-step counts for the canvas overlay, refreshed every 10 s. */
export const statsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: journeyKeys.stats(id),
    queryFn: ({ signal }) => api.get<JourneyStats>(`${BASE}/${id}/stats`, { signal }),
    refetchInterval: STATS_REFETCH_MS,
    placeholderData: keepPreviousData,
  });

export const libraryQueryOptions = queryOptions({
  queryKey: journeyKeys.library(),
  queryFn: ({ signal }) => api.get<TemplateInfo[]>(`${BASE}/library`, { signal }),
  staleTime: Number.POSITIVE_INFINITY,
});

export const catalogQueryOptions = queryOptions({
  queryKey: journeyKeys.catalog(),
  queryFn: ({ signal }) => api.get<ApiCatalog>(`${BASE}/catalog`, { signal }),
  staleTime: 60_000,
});

/** Every field conditions and messages can read, with names people read. */
export const fieldCatalogQueryOptions = queryOptions({
  queryKey: journeyKeys.fields(),
  queryFn: ({ signal }) => api.get<FieldCatalog>(`${BASE}/catalog/fields`, { signal }),
  staleTime: 5 * 60_000,
});

/** The API's catalog, reduced to the names the engine's exits and checks use. */
export function toEngineCatalog(catalog: ApiCatalog): Catalog {
  return {
    queues: catalog.queues.map((q) => q.name),
    job_types: Object.fromEntries(catalog.job_types.map((t) => [t.name, t.outcomes])),
    email_templates: catalog.email_templates.map((t) => t.name),
    sms_templates: catalog.sms_templates.map((t) => t.name),
    letter_templates: catalog.letter_templates.map((t) => t.name),
    segments: catalog.segments.map((s) => s.name),
    event_names: catalog.event_names,
  };
}

export const journeyApi = {
  create: (body: { name: string; description?: string; definition?: JourneyDefinition }) =>
    api.post<Journey>(BASE, body),
  fromTemplate: (body: { slug: string; name?: string }) =>
    api.post<Journey>(`${BASE}/from-template`, body),
  importDocument: (doc: unknown) => api.post<Journey>(`${BASE}/import`, doc),
  exportDocument: (id: string) => api.get<JourneyExport>(`${BASE}/${id}/export`),
  duplicate: (id: string, name?: string) =>
    api.post<Journey>(`${BASE}/${id}/duplicate`, name ? { name } : {}),
  transition: (id: string, action: "pause" | "resume" | "archive") =>
    api.post<JourneySummary>(`${BASE}/${id}/${action}`),
  saveDraft: (
    id: string,
    body: { revision: number; name?: string; definition: JourneyDefinition },
  ) => api.put<Journey>(`${BASE}/${id}/draft`, body),
  validate: (id: string, definition: JourneyDefinition) =>
    api.post<{ problems: Problem[] }>(`${BASE}/${id}/validate`, { definition }),
  testSend: (id: string, body: TestSendRequest) =>
    api.post<TestSendResult>(`${BASE}/${id}/test-send`, body),
  publish: (id: string, body: { revision: number; note?: string }) =>
    api.post<JourneyVersion>(`${BASE}/${id}/publish`, body),
};

/** After any change to journeys, the lists are out of date. */
export function useInvalidateJourneyLists() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: journeyKeys.lists() });
}

export function useJourneyMutation<TArgs, TResult>(fn: (args: TArgs) => Promise<TResult>) {
  const invalidate = useInvalidateJourneyLists();
  return useMutation({ mutationFn: fn, onSuccess: invalidate });
}

/** Problems an error answer carries: `problems` (422, import) or decode `errors` (400). */
export function problemsOf(error: unknown): Problem[] {
  if (!error || typeof error !== "object" || !("problem" in error)) return [];
  const problem = (error as { problem?: Record<string, unknown> }).problem;
  const list =
    problem?.problems ??
    problem?.errors ??
    (problem?.extra as Record<string, unknown> | undefined)?.problems;
  if (!Array.isArray(list)) return [];
  return list.map((p: Record<string, unknown>) => ({
    code: (p.code as Problem["code"]) ?? "invalid_document",
    message: String(p.message ?? p.detail ?? "Invalid"),
    severity: (p.severity as Problem["severity"]) ?? "error",
    node_id: (p.node_id as string | undefined) ?? null,
    edge_id: (p.edge_id as string | undefined) ?? null,
    field: (p.field as string | undefined) ?? null,
    handle: (p.handle as string | undefined) ?? null,
  }));
}

/**
 * The properties of the latest `name` event (the contact's own when one is chosen, else
 * anyone's), as a sample of what a template's `event` holds in this journey. `{}` when none
 * was seen yet. Needs `events:read`.
 */
export const sampleEventQueryOptions = (name: string, contactId: string | null) =>
  queryOptions({
    queryKey: journeyKeys.sampleEvent(name, contactId),
    queryFn: async ({ signal }): Promise<Record<string, unknown>> => {
      const find = async (contact: string | null) => {
        // `name` matches a prefix: take the newest event with exactly this name.
        const page = await api.get<EventPage>("/api/v1/events", {
          signal,
          query: { name, contact, limit: 20 },
        });
        return page.items.find((item) => item.name === name) ?? null;
      };
      const found = (contactId ? await find(contactId) : null) ?? (await find(null));
      if (!found) return {};
      const detail = await api.get<EventDetail>(`/api/v1/events/${found.id}`, { signal });
      return (detail.properties ?? {}) as Record<string, unknown>;
    },
    staleTime: 60_000,
  });
