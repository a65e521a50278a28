import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { migrationApi, migrationKeys, migrationQueryOptions } from "../../../api/migrations";

/** A migration being applied, looked at every second until it is finished. */
export function useMigrationProgress(journeyId: string, migrationId: string | null) {
  return useQuery({
    ...migrationQueryOptions(journeyId, migrationId ?? ""),
    enabled: migrationId !== null,
  });
}

/** Stop a migration: no further contacts move; those moved stay moved. */
export function useCancelMigration(journeyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (migrationId: string) => migrationApi.cancel(journeyId, migrationId),
    onSuccess: (stopped) => {
      queryClient.setQueryData(migrationKeys.migration(journeyId, stopped.id), stopped);
      void queryClient.invalidateQueries({
        queryKey: migrationKeys.migrations(journeyId),
        exact: true,
      });
    },
  });
}
