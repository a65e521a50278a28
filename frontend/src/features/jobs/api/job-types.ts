import { queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { JobType, JobTypeInput } from "../types";

const JOB_TYPES = "/api/v1/job-types";

export const jobTypeKeys = {
  all: ["job-types"] as const,
};

export const jobTypesQueryOptions = () =>
  queryOptions({
    queryKey: jobTypeKeys.all,
    queryFn: ({ signal }) => api.get<JobType[]>(JOB_TYPES, { signal }),
    staleTime: 60_000,
  });

export const jobTypesApi = {
  create: (input: JobTypeInput) => api.post<JobType>(JOB_TYPES, input),
  update: (name: string, input: Omit<JobTypeInput, "name"> & { version: number }) =>
    api.put<JobType>(`${JOB_TYPES}/${encodeURIComponent(name)}`, input),
  remove: (name: string) => api.delete(`${JOB_TYPES}/${encodeURIComponent(name)}`),
};
