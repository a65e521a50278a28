import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { WhatIfContacts, WhatIfCreate, WhatIfRun } from "@/types/generated/what-if-api";

const base = (journeyId: string) => `/api/v1/journeys/${journeyId}/what-ifs`;

export const whatIfKeys = {
  all: (journeyId: string) => ["journeys", "what-ifs", journeyId] as const,
  contacts: (journeyId: string, runId: string, bucket: string, side: string) =>
    [...whatIfKeys.all(journeyId), runId, "contacts", bucket, side] as const,
};

/** A run still going is polled every second, so its progress bar moves. */
export const POLL_MS = 1000;

export const isRunning = (run: WhatIfRun | undefined | null): boolean =>
  run?.status === "queued" || run?.status === "running";

export const whatIfsQueryOptions = (journeyId: string) =>
  queryOptions({
    queryKey: whatIfKeys.all(journeyId),
    queryFn: ({ signal }) => api.get<WhatIfRun[]>(base(journeyId), { signal }),
    refetchInterval: (query) => (query.state.data?.some(isRunning) ? POLL_MS : false),
  });

export const whatIfContactsQueryOptions = (
  journeyId: string,
  runId: string,
  bucket: string,
  side: "draft" | "live",
  after: string | null,
) =>
  queryOptions({
    queryKey: [...whatIfKeys.contacts(journeyId, runId, bucket, side), after],
    queryFn: ({ signal }) =>
      api.get<WhatIfContacts>(`${base(journeyId)}/${runId}/contacts`, {
        signal,
        query: { bucket, side, after, limit: 50 },
      }),
  });

export function useStartWhatIf(journeyId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WhatIfCreate) => api.post<WhatIfRun>(base(journeyId), body),
    onSuccess: () => client.invalidateQueries({ queryKey: whatIfKeys.all(journeyId) }),
  });
}

export function useCancelWhatIf(journeyId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => api.post<WhatIfRun>(`${base(journeyId)}/${runId}/cancel`),
    onSuccess: () => client.invalidateQueries({ queryKey: whatIfKeys.all(journeyId) }),
  });
}

export function useDeleteWhatIf(journeyId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => api.delete(`${base(journeyId)}/${runId}`),
    onSuccess: () => client.invalidateQueries({ queryKey: whatIfKeys.all(journeyId) }),
  });
}
