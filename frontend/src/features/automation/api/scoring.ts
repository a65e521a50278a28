import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ScoreRule, ScoreRuleInput } from "../types";
import { automationKeys } from "./automation-keys";

const RULES = "/api/v1/scoring/rules";

export const scoreRulesQueryOptions = queryOptions({
  queryKey: automationKeys.scoreRules(),
  queryFn: ({ signal }) => api.get<ScoreRule[]>(RULES, { signal }),
});

function useInvalidateRules() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: automationKeys.scoreRules() });
}

export function useSaveScoreRule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: ({ id, ...rule }: ScoreRuleInput & { id?: string }) =>
      id
        ? api.patch<ScoreRule>(`${RULES}/${encodeURIComponent(id)}`, rule)
        : api.post<ScoreRule>(RULES, rule),
    onSuccess: invalidate,
  });
}

export function useDeleteScoreRule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${RULES}/${encodeURIComponent(id)}`),
    onSuccess: invalidate,
  });
}
