import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { JourneyDefinition } from "@/types/generated/journey";
import type {
  CaseCheck,
  TestCase,
  TestCaseCreate,
  TestRun,
  TestRunRequest,
} from "@/types/generated/test-runs-api";
import { journeyKeys } from "./journeys";

const BASE = "/api/v1/journeys";

export const testRunKeys = {
  cases: (journeyId: string) => [...journeyKeys.all, "test-cases", journeyId] as const,
  /** The cases (`caseIds`, joined) checked against the draft saved at `revision`. */
  check: (journeyId: string, revision: number, caseIds: string) =>
    [...testRunKeys.cases(journeyId), "check", revision, caseIds] as const,
};

/** docs/test-runs.md: a run is stateless — the request is the whole run, replayed. */
export const testRunsApi = {
  run: (journeyId: string, body: TestRunRequest, signal?: AbortSignal) =>
    api.post<TestRun>(`${BASE}/${journeyId}/test-runs`, body, { signal }),
  saveCase: (journeyId: string, body: TestCaseCreate) =>
    api.post<TestCase>(`${BASE}/${journeyId}/test-cases`, body),
  deleteCase: (journeyId: string, caseId: string) =>
    api.delete<void>(`${BASE}/${journeyId}/test-cases/${caseId}`),
  check: (journeyId: string, definition: JourneyDefinition | null, signal?: AbortSignal) =>
    api.post<CaseCheck[]>(
      `${BASE}/${journeyId}/test-cases/check`,
      definition ? { definition } : {},
      { signal },
    ),
};

export const testCasesQueryOptions = (journeyId: string) =>
  queryOptions({
    queryKey: testRunKeys.cases(journeyId),
    queryFn: ({ signal }) => api.get<TestCase[]>(`${BASE}/${journeyId}/test-cases`, { signal }),
  });

/** Every saved case run again on the stored draft (as saved at `revision`). */
export const caseCheckQueryOptions = (journeyId: string, revision: number, caseIds: string) =>
  queryOptions({
    queryKey: testRunKeys.check(journeyId, revision, caseIds),
    queryFn: ({ signal }) => testRunsApi.check(journeyId, null, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useSaveTestCase(journeyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TestCaseCreate) => testRunsApi.saveCase(journeyId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: testRunKeys.cases(journeyId) }),
  });
}

export function useDeleteTestCase(journeyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (caseId: string) => testRunsApi.deleteCase(journeyId, caseId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: testRunKeys.cases(journeyId) }),
  });
}
