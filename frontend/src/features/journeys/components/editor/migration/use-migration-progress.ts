import { useQuery } from "@tanstack/react-query";
import { migrationQueryOptions } from "../../../api/migrations";

/** A migration being applied, looked at every second until it is done (or refused). */
export function useMigrationProgress(journeyId: string, migrationId: string | null) {
  return useQuery({
    ...migrationQueryOptions(journeyId, migrationId ?? ""),
    enabled: migrationId !== null,
  });
}
