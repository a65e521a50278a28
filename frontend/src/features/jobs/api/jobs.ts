import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { ApiError, api, CSRF_HEADER, getCsrfToken, toProblem } from "@/lib/api-client";
import { jobsListUrl, type ListRequest } from "../model/filters";
import type {
  BulkReassignResult,
  Job,
  JobEvent,
  JobFile,
  JobFilters,
  JobPage,
  JobTypeRef,
  Note,
  Queue,
  SavedFilter,
  Workload,
} from "../types";

export const JOBS = "/api/v1/jobs";
export const PAGE_SIZE = 25;

export const jobKeys = {
  all: ["jobs"] as const,
  lists: ["jobs", "list"] as const,
  list: (request: ListRequest) => ["jobs", "list", jobsListUrl(request)] as const,
  queues: ["jobs", "queues"] as const,
  detail: (id: string) => ["jobs", "detail", id] as const,
  notes: (id: string) => ["jobs", "detail", id, "notes"] as const,
  files: (id: string) => ["jobs", "detail", id, "files"] as const,
  history: (id: string) => ["jobs", "detail", id, "history"] as const,
  filters: (queue: string | null) => ["jobs", "filters", queue] as const,
  workload: ["jobs", "workload"] as const,
  types: ["jobs", "types"] as const,
};

export const jobListQueryOptions = (request: ListRequest, pollInterval: number | false = false) =>
  queryOptions({
    queryKey: jobKeys.list(request),
    queryFn: ({ signal }) => api.get<JobPage>(jobsListUrl(request), { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: pollInterval,
    staleTime: 5_000,
  });

export const queuesQueryOptions = (pollInterval: number | false = false) =>
  queryOptions({
    queryKey: jobKeys.queues,
    queryFn: ({ signal }) => api.get<Queue[]>(`${JOBS}/queues`, { signal }),
    refetchInterval: pollInterval,
    staleTime: 5_000,
  });

export const jobQueryOptions = (id: string) =>
  queryOptions({
    queryKey: jobKeys.detail(id),
    queryFn: ({ signal }) => api.get<Job>(`${JOBS}/${encodeURIComponent(id)}`, { signal }),
    staleTime: 5_000,
  });

export const notesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: jobKeys.notes(id),
    queryFn: ({ signal }) => api.get<Note[]>(`${JOBS}/${encodeURIComponent(id)}/notes`, { signal }),
  });

export const filesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: jobKeys.files(id),
    queryFn: ({ signal }) =>
      api.get<JobFile[]>(`${JOBS}/${encodeURIComponent(id)}/files`, { signal }),
  });

export const historyQueryOptions = (id: string) =>
  queryOptions({
    queryKey: jobKeys.history(id),
    queryFn: ({ signal }) =>
      api.get<JobEvent[]>(`${JOBS}/${encodeURIComponent(id)}/history`, { signal }),
  });

export const savedFiltersQueryOptions = (queue: string | null) =>
  queryOptions({
    queryKey: jobKeys.filters(queue),
    queryFn: ({ signal }) =>
      api.get<SavedFilter[]>(`${JOBS}/filters`, { signal, query: { queue } }),
  });

/** Type names and labels for the filters (GET /jobs/types: what a worker may read). */
export const jobTypeRefsQueryOptions = () =>
  queryOptions({
    queryKey: jobKeys.types,
    queryFn: ({ signal }) => api.get<JobTypeRef[]>(`${JOBS}/types`, { signal }),
    staleTime: 5 * 60_000,
  });

export const workloadQueryOptions = (pollInterval: number | false = false) =>
  queryOptions({
    queryKey: jobKeys.workload,
    queryFn: ({ signal }) => api.get<Workload[]>(`${JOBS}/workload`, { signal }),
    refetchInterval: pollInterval,
  });

const jobPath = (id: string, action?: string) =>
  `${JOBS}/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;

export const jobsApi = {
  claim: (id: string) => api.post<Job>(jobPath(id, "claim")),
  unclaim: (id: string, version?: number) => api.post<Job>(jobPath(id, "unclaim"), { version }),
  assign: (id: string, assigneeId: string | null, version?: number) =>
    api.post<Job>(jobPath(id, "assign"), { assignee_id: assigneeId, version }),
  update: (
    id: string,
    body: Partial<Pick<Job, "status" | "priority" | "due_at" | "title" | "form_data">> & {
      version: number;
    },
  ) => api.patch<Job>(jobPath(id), body),
  complete: (id: string, body: { version: number; outcome: string; data: unknown }) =>
    api.post<Job>(jobPath(id, "complete"), body),
  cancel: (id: string, body: { version: number; reason?: string }) =>
    api.post<Job>(jobPath(id, "cancel"), body),
  addNote: (id: string, body: string) => api.post<Note>(jobPath(id, "notes"), { body }),
  bulkReassign: (jobIds: string[], assigneeId: string | null) =>
    api.post<BulkReassignResult>(`${JOBS}/bulk-reassign`, {
      job_ids: jobIds,
      assignee_id: assigneeId,
    }),
  saveFilter: (body: {
    name: string;
    queue: string | null;
    filters: JobFilters;
    shared: boolean;
  }) => api.post<SavedFilter>(`${JOBS}/filters`, body),
  deleteFilter: (id: string) => api.delete(`${JOBS}/filters/${encodeURIComponent(id)}`),
  /** Multipart upload (the api client only sends JSON), with the same error handling. */
  uploadFile: async (id: string, file: File): Promise<JobFile> => {
    const url = jobPath(id, "files");
    const form = new FormData();
    form.append("file", file);
    const headers = new Headers({ accept: "application/json, application/problem+json" });
    const token = getCsrfToken();
    if (token) headers.set(CSRF_HEADER, token);
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        body: form,
        headers,
        credentials: "same-origin",
      });
    } catch (cause) {
      throw new ApiError({
        message: "Could not reach the server to upload the file",
        status: 0,
        method: "POST",
        url,
        cause,
      });
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (!response.ok) {
      const problem = toProblem(response.headers.get("content-type") ?? "", body);
      throw new ApiError({
        message: problem?.detail ?? problem?.title ?? uploadFailure(response.status),
        status: response.status,
        method: "POST",
        url,
        problem,
        body,
      });
    }
    return body as JobFile;
  },
};

/** A message for an upload the server refused without saying why. */
export function uploadFailure(status: number): string {
  if (status === 413) return "The file is too large.";
  if (status === 415) return "Files of this type are not accepted.";
  return `The upload failed (${status}).`;
}

export function fileDownloadUrl(jobId: string, fileId: string): string {
  return `${jobPath(jobId, "files")}/${encodeURIComponent(fileId)}`;
}
