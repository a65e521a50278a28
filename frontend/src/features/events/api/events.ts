import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { EventDetail } from "@/types/generated/event-detail";
import type { EventEnvelope } from "@/types/generated/event-envelope";
import type { EventPage } from "@/types/generated/event-page";
import type { EventNames, Accepted as SendResult } from "@/types/generated/events-api";

/** The sources an event can come from, in words (shared with the journeys' triggers). */
export { EVENT_SOURCES } from "@/lib/event-sources";

export interface EventFilters {
  name: string;
  contact: string;
  source: string | null;
  /** ISO timestamps, or null for an open end. */
  since: string | null;
  until: string | null;
  /** Keyset cursor: events older than this id; null for the newest page. */
  before: number | null;
}

export const EVENTS_PAGE_SIZE = 50;

export const eventKeys = {
  all: ["events"] as const,
  list: (filters: EventFilters) => ["events", "list", filters] as const,
  detail: (id: number) => ["events", "detail", id] as const,
  names: () => ["events", "names"] as const,
};

export const eventsQueryOptions = (filters: EventFilters) =>
  queryOptions({
    queryKey: eventKeys.list(filters),
    queryFn: ({ signal }) =>
      api.get<EventPage>("/api/v1/events", {
        signal,
        query: {
          name: filters.name.trim() || null,
          contact: filters.contact.trim() || null,
          source: filters.source,
          since: filters.since,
          until: filters.until,
          before: filters.before,
          limit: EVENTS_PAGE_SIZE,
        },
      }),
    placeholderData: keepPreviousData,
  });

export const eventQueryOptions = (id: number) =>
  queryOptions({
    queryKey: eventKeys.detail(id),
    queryFn: ({ signal }) => api.get<EventDetail>(`/api/v1/events/${id}`, { signal }),
  });

export const eventNamesQueryOptions = queryOptions({
  queryKey: eventKeys.names(),
  queryFn: ({ signal }) => api.get<EventNames>("/api/v1/events/names", { signal }),
  staleTime: 60_000,
});

export type { SendResult };

export function useSendTestEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (envelope: EventEnvelope) => api.post<SendResult>("/api/v1/events", envelope),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: eventKeys.all }),
  });
}
