/**
 * The diff and migration API (docs/journeys-api.md, "Moving running contacts"): what
 * changed between versions, and plans moving running contacts to the published version.
 */
import { queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type {
  DryRun,
  GraphDiff,
  Migration,
  MigrationPlan,
  PlanProposal,
} from "@/types/generated/migrations-api";
import { journeyKeys } from "./journeys";

const BASE = "/api/v1/journeys";

export const migrationKeys = {
  diff: (id: string, revision: number) => [...journeyKeys.all, "diff", id, revision] as const,
  proposal: (id: string, version: number | null) =>
    [...journeyKeys.all, "migration-plan", id, version] as const,
  migrations: (id: string) => [...journeyKeys.all, "migrations", id] as const,
  migration: (id: string, migrationId: string) =>
    [...migrationKeys.migrations(id), migrationId] as const,
};

/** A migration the workers will not touch again. */
export const isFinished = (migration: Migration) =>
  migration.status === "done" || migration.status === "refused" || migration.status === "cancelled";

/** How often a migration being applied is looked at again. */
export const PROGRESS_REFETCH_MS = 1000;

/** The saved draft against the published version (`revision` keys it: autosaves refetch). */
export const draftDiffQueryOptions = (id: string, revision: number) =>
  queryOptions({
    queryKey: migrationKeys.diff(id, revision),
    queryFn: ({ signal }) => api.get<GraphDiff>(`${BASE}/${id}/diff`, { signal }),
  });

/** Where the contacts of older versions wait, and the plan proposed for them. */
export const proposalQueryOptions = (id: string, version: number | null) =>
  queryOptions({
    queryKey: migrationKeys.proposal(id, version),
    queryFn: ({ signal }) => api.get<PlanProposal>(`${BASE}/${id}/migration-plan`, { signal }),
    staleTime: 0,
  });

export const migrationQueryOptions = (id: string, migrationId: string) =>
  queryOptions({
    queryKey: migrationKeys.migration(id, migrationId),
    queryFn: ({ signal }) =>
      api.get<Migration>(`${BASE}/${id}/migrations/${migrationId}`, { signal }),
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && isFinished(data) ? false : PROGRESS_REFETCH_MS;
    },
  });

/** The journey's migrations, newest first (the last 50). */
export const migrationsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: migrationKeys.migrations(id),
    queryFn: ({ signal }) => api.get<Migration[]>(`${BASE}/${id}/migrations`, { signal }),
    staleTime: 0,
  });

export const migrationApi = {
  dryRun: (id: string, plan: MigrationPlan) =>
    api.post<DryRun>(`${BASE}/${id}/migrations/dry-run`, plan),
  apply: (id: string, plan: MigrationPlan) => api.post<Migration>(`${BASE}/${id}/migrations`, plan),
  cancel: (id: string, migrationId: string) =>
    api.post<Migration>(`${BASE}/${id}/migrations/${migrationId}/cancel`),
};
