import { useMutation, useQueryClient } from "@tanstack/react-query";
import { isApiError } from "@/lib/api-client";
import { notifyError, notifySuccess } from "@/lib/notify";
import { jobKeys, jobsApi } from "../api/jobs";
import type { Job, UserRef } from "../types";

/** What a refused claim tells the person: who holds the job, or why it cannot be claimed. */
export function claimRefusal(error: unknown): string {
  if (isApiError(error) && error.status === 409) {
    const assignee = error.problem?.assignee as UserRef | null | undefined;
    if (assignee?.name) return `Already claimed by ${assignee.name}.`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** After any change to a job: its detail is what the server answered; lists refetch. */
export function useJobSaved() {
  const queryClient = useQueryClient();
  return (job: Job) => {
    queryClient.setQueryData(jobKeys.detail(job.id), job);
    void queryClient.invalidateQueries({ queryKey: jobKeys.lists });
    void queryClient.invalidateQueries({ queryKey: jobKeys.queues });
    void queryClient.invalidateQueries({ queryKey: jobKeys.history(job.id) });
  };
}

export function useClaimJob() {
  const saved = useJobSaved();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => jobsApi.claim(id),
    onSuccess: (job) => {
      saved(job);
      notifySuccess(`“${job.title}” is yours now.`, "Claimed");
    },
    onError: (error, id) => {
      notifyError(new Error(claimRefusal(error)), "Could not claim this job");
      // Whatever changed, the lists should now show it.
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists });
      void queryClient.invalidateQueries({ queryKey: jobKeys.detail(id) });
    },
  });
}

export function useUnclaimJob() {
  const saved = useJobSaved();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version?: number }) => jobsApi.unclaim(id, version),
    onSuccess: (job) => {
      saved(job);
      notifySuccess(`“${job.title}” is back in the queue.`, "Released");
    },
    onError: (error) => notifyError(error, "Could not release this job"),
  });
}
