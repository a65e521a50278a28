import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { MoveView, ProcessInput, ProcessView, RunPreview, RunView } from "../types";
import { salesKeys } from "./sales-keys";

const PROCESSES = "/api/v1/sales/processes";
const at = (id: string) => `${PROCESSES}/${encodeURIComponent(id)}`;

export const processesQueryOptions = queryOptions({
  queryKey: salesKeys.processes(),
  queryFn: ({ signal }) => api.get<ProcessView[]>(PROCESSES, { signal }),
  // A run asked for is worked by the worker: its counts show up within seconds.
  refetchInterval: 5_000,
});

export function movesQueryOptions(processId: string) {
  return queryOptions({
    queryKey: salesKeys.moves(processId),
    queryFn: ({ signal }) => api.get<MoveView[]>(`${at(processId)}/moves`, { signal }),
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: salesKeys.all() });
}

export function useSaveProcess() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...body }: ProcessInput & { id?: string }) =>
      id ? api.put<ProcessView>(at(id), body) : api.post<ProcessView>(PROCESSES, body),
    onSuccess: invalidate,
  });
}

export function useDeactivateProcess() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.delete(at(id)), onSuccess: invalidate });
}

export function useActivateProcess() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.post<ProcessView>(`${at(id)}/activate`),
    onSuccess: invalidate,
  });
}

export function useRunNow() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.post<RunView>(`${at(id)}/runs`),
    onSuccess: invalidate,
  });
}

export function usePreviewRun() {
  return useMutation({ mutationFn: (id: string) => api.post<RunPreview>(`${at(id)}/preview`) });
}
