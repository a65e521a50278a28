import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { Schedule, ScheduleRunPage } from "../types";
import { automationKeys } from "./automation-keys";

export const RUNS_PAGE_SIZE = 25;

export const schedulesQueryOptions = queryOptions({
  queryKey: automationKeys.schedules(),
  queryFn: ({ signal }) => api.get<Schedule[]>("/api/v1/schedules", { signal }),
});

export function scheduleRunsQueryOptions(page: number) {
  return queryOptions({
    queryKey: automationKeys.runs(page),
    queryFn: ({ signal }) =>
      api.get<ScheduleRunPage>("/api/v1/schedules/runs", {
        signal,
        query: { page, page_size: RUNS_PAGE_SIZE },
      }),
    placeholderData: keepPreviousData,
  });
}
