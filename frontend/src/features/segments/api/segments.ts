import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ConditionGroup } from "@/types/generated/journey";
import type { Preview, Segment, SegmentCreate } from "../types";

const BASE = "/api/v1/segments";

export const segmentKeys = {
  all: ["segments"] as const,
  list: () => [...segmentKeys.all, "list"] as const,
  detail: (id: string) => [...segmentKeys.all, "detail", id] as const,
  preview: (condition: ConditionGroup, name: string | null) =>
    [...segmentKeys.all, "preview", name, condition] as const,
};

export const segmentsQueryOptions = queryOptions({
  queryKey: segmentKeys.list(),
  queryFn: ({ signal }) => api.get<Segment[]>(BASE, { signal }),
});

export const segmentQueryOptions = (id: string) =>
  queryOptions({
    queryKey: segmentKeys.detail(id),
    queryFn: ({ signal }) => api.get<Segment>(`${BASE}/${id}`, { signal }),
  });

/** The live count of an unsaved condition; the last good count stays shown while typing. */
export const previewQueryOptions = (condition: ConditionGroup, name: string | null) =>
  queryOptions({
    queryKey: segmentKeys.preview(condition, name),
    queryFn: ({ signal }) => api.post<Preview>(`${BASE}/preview`, { condition, name }, { signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });

function useInvalidate() {
  const queryClient = useQueryClient();
  // Journeys' catalog lists segments too.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: segmentKeys.all }),
      queryClient.invalidateQueries({ queryKey: ["journeys", "catalog"] }),
    ]);
}

export function useCreateSegment() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (data: SegmentCreate) => api.post<Segment>(BASE, data),
    onSuccess: invalidate,
  });
}

export function useUpdateSegment(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (data: Partial<Omit<SegmentCreate, "name">>) =>
      api.patch<Segment>(`${BASE}/${id}`, data),
    onSuccess: invalidate,
  });
}

export function useDeleteSegment() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.delete<undefined>(`${BASE}/${id}`),
    onSuccess: invalidate,
  });
}
