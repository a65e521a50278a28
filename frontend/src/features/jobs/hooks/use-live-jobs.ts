/**
 * Keeps the job caches fresh from the stream: a changed job is patched into every list and
 * detail at once (so a claimed row changes in the same frame), then the lists and counts
 * are refetched, because only the server knows whether the job still matches a view's
 * filters. Refetches are coalesced, so a burst of changes costs one round trip.
 */
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { jobKeys } from "../api/jobs";
import type { Job, JobPage, JobStreamMessage } from "../types";
import { type JobStream, useJobStream } from "./use-job-stream";

const REFETCH_COALESCE_MS = 80;

/** Puts the changed job's summary into every cached list and its detail, if newer. */
export function patchJobCaches(queryClient: QueryClient, message: JobStreamMessage): void {
  const { job } = message;
  queryClient.setQueriesData<JobPage>({ queryKey: jobKeys.lists }, (page) => {
    if (!page?.items.some((item) => item.id === job.id)) return page;
    return {
      ...page,
      items: page.items.map((item) =>
        item.id === job.id && item.version <= job.version ? job : item,
      ),
    };
  });
  queryClient.setQueryData<Job>(jobKeys.detail(job.id), (current) =>
    current && current.version < job.version ? { ...current, ...job } : current,
  );
}

export function useLiveJobs(queues: readonly string[], enabled = true): JobStream {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const changed = useRef(new Set<string>());

  const refetchSoon = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const ids = [...changed.current];
      changed.current.clear();
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists });
      void queryClient.invalidateQueries({ queryKey: jobKeys.queues });
      void queryClient.invalidateQueries({ queryKey: jobKeys.workload });
      for (const id of ids) void queryClient.invalidateQueries({ queryKey: jobKeys.detail(id) });
    }, REFETCH_COALESCE_MS);
  }, [queryClient]);

  useEffect(() => () => clearTimeout(timer.current), []);

  return useJobStream({
    queues,
    enabled,
    onJob: (message) => {
      patchJobCaches(queryClient, message);
      changed.current.add(message.job.id);
      refetchSoon();
    },
    onReady: () => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
}
