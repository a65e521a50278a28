import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { JobTypeWords, StageWords } from "../types";

const BASE = "/api/v1/portal-wording";

export const customerWordingKeys = {
  all: ["customer-wording"] as const,
};

export const customerWordingQueryOptions = queryOptions({
  queryKey: customerWordingKeys.all,
  queryFn: ({ signal }) => api.get<JobTypeWords[]>(BASE, { signal }),
});

function stagePath(jobType: string, stage: string): string {
  return `${BASE}/${encodeURIComponent(jobType)}/${encodeURIComponent(stage)}`;
}

interface StageRef {
  jobType: string;
  stage: string;
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: customerWordingKeys.all });
}

export function useSaveStageWords() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ jobType, stage, words }: StageRef & { words: string }) =>
      api.put<StageWords>(stagePath(jobType, stage), { words }),
    onSuccess: invalidate,
  });
}

export function useResetStageWords() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ jobType, stage }: StageRef) => api.delete<StageWords>(stagePath(jobType, stage)),
    onSuccess: invalidate,
  });
}
