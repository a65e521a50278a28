/**
 * Who is where: one enrollment with its path, the contacts at a step, the numbers per
 * version, and the actions on one contact's path (docs/enrollments-api.md).
 */
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type {
  EndWaitRequest,
  EnrolableJourney,
  EnrolRequestStatus,
  EnrolSegment,
  MoveRequest,
  RemoveRequest,
  SegmentCount,
} from "@/types/generated/enrollment-actions-api";
import type {
  EnrollmentItem,
  EnrollmentPage,
  VersionCounts,
} from "@/types/generated/enrollments-api";
import type { JourneyStats } from "@/types/generated/reports-api";

const BASE = "/api/v1/enrollments";

export const enrollmentKeys = {
  all: ["enrollments"] as const,
  one: (id: string) => [...enrollmentKeys.all, "one", id] as const,
  atStep: (journeyId: string) => [...enrollmentKeys.all, "at-step", journeyId] as const,
  waiting: (journeyId: string) => [...enrollmentKeys.all, "waiting", journeyId] as const,
};

export const enrollmentQueryOptions = (id: string) =>
  queryOptions({
    queryKey: enrollmentKeys.one(id),
    queryFn: ({ signal }) => api.get<EnrollmentItem>(`${BASE}/${id}`, { signal }),
  });

/** What "who is at this step" asks for: one step of a journey, one version or all. */
export interface AtStep {
  journeyId: string;
  nodeId: string;
  version: number | null;
  q: string;
  after: string | null;
}

export function atStepQuery(at: Omit<AtStep, "after">): Record<string, string | number> {
  const query: Record<string, string | number> = {
    journey_id: at.journeyId,
    node_id: at.nodeId,
    status: "active",
  };
  if (at.version !== null) query.version = at.version;
  if (at.q.trim()) query.q = at.q.trim();
  return query;
}

/** The export of the same list (the server's CSV: one row per live path). */
export function atStepCsvUrl(at: Omit<AtStep, "after">): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(atStepQuery(at))) params.set(key, String(value));
  params.append("status", "paused");
  return `${BASE}/export.csv?${params.toString()}`;
}

export const atStepQueryOptions = (at: AtStep) =>
  queryOptions({
    queryKey: [...enrollmentKeys.atStep(at.journeyId), at],
    queryFn: ({ signal }) =>
      api.get<EnrollmentPage>(BASE, {
        signal,
        query: { ...atStepQuery(at), limit: 25, ...(at.after ? { after: at.after } : {}) },
      }),
    placeholderData: keepPreviousData,
  });

export const waitingQueryOptions = (journeyId: string) =>
  queryOptions({
    queryKey: enrollmentKeys.waiting(journeyId),
    queryFn: ({ signal }) =>
      api.get<VersionCounts[]>(`${BASE}/waiting`, { signal, query: { journey_id: journeyId } }),
  });

/** `GET /journeys/{id}/stats`, over every version or one. */
export const versionStatsQueryOptions = (journeyId: string, version: number | null) =>
  queryOptions({
    queryKey: ["journeys", "detail", journeyId, "stats", version ?? "all"],
    queryFn: ({ signal }) =>
      api.get<JourneyStats>(`/api/v1/journeys/${journeyId}/stats`, {
        signal,
        query: version === null ? {} : { version },
      }),
  });

export type PathAction =
  | { kind: "remove"; body: RemoveRequest }
  | { kind: "move"; body: MoveRequest }
  | { kind: "end-wait"; body: EndWaitRequest };

/** Remove, move or end a wait; refreshes the lists and numbers it changes. */
export function usePathAction(journeyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: PathAction }) =>
      api.post<EnrollmentItem>(`${BASE}/${id}/${action.kind}`, action.body),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: enrollmentKeys.all });
      void queryClient.invalidateQueries({ queryKey: ["journeys", "detail", journeyId] });
    },
  });
}

// ---- manual enrolment of a whole segment (docs/enrollments-api.md) -------------------

/** Live journeys that start with a manual trigger, with those triggers. */
export const enrolableQueryOptions = queryOptions({
  queryKey: ["journeys", "enrolable"],
  queryFn: ({ signal }) => api.get<EnrolableJourney[]>("/api/v1/journeys/enrolable", { signal }),
});

/** How many contacts enrolling the segment now would ask for: the number to confirm. */
export const segmentCountQueryOptions = (
  journeyId: string,
  segment: string,
  triggerNodeId: string | null,
) =>
  queryOptions({
    queryKey: ["journeys", "detail", journeyId, "segment-count", segment, triggerNodeId],
    queryFn: ({ signal }) =>
      api.get<SegmentCount>(`/api/v1/journeys/${journeyId}/enrollments/segment-count`, {
        signal,
        query: { segment, ...(triggerNodeId ? { trigger_node_id: triggerNodeId } : {}) },
      }),
    staleTime: 0,
    retry: false,
  });

/** How often a segment enrolment under way is looked at again. */
export const ENROL_REFETCH_MS = 1000;

export const enrolRequestKey = (journeyId: string, requestId: string) =>
  ["journeys", "detail", journeyId, "enrol-requests", requestId] as const;

/** A segment enrolment as the workers go through it, looked at until it is done. */
export const enrolRequestQueryOptions = (journeyId: string, requestId: string) =>
  queryOptions({
    queryKey: enrolRequestKey(journeyId, requestId),
    queryFn: ({ signal }) =>
      api.get<EnrolRequestStatus>(
        `/api/v1/journeys/${journeyId}/enrollments/requests/${requestId}`,
        { signal },
      ),
    refetchInterval: (query) => (query.state.data?.done ? false : ENROL_REFETCH_MS),
  });

/** Enrol every contact of the segment, `expected_count` being the count confirmed. */
export function useEnrolSegment(journeyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EnrolSegment) =>
      api.post<EnrolRequestStatus>(`/api/v1/journeys/${journeyId}/enrollments/segment`, body),
    onSuccess: (status) =>
      queryClient.setQueryData(enrolRequestKey(journeyId, status.request_id), status),
  });
}
