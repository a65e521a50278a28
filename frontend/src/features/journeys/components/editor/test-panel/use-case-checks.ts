import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { caseCheckQueryOptions, testCasesQueryOptions } from "../../../api/test-runs";
import { useTestStore } from "./test-store";

/**
 * Every saved case run again on each save of the draft (`revision`, null while unsaved),
 * a moment after the last save; the verdicts go to the test store for the panel, the
 * toolbar and the publish review.
 */
export function useCaseChecks(journeyId: string, revision: number | null) {
  const cases = useQuery(testCasesQueryOptions(journeyId));
  const [settled] = useDebouncedValue(revision, 400);
  const count = cases.data?.length ?? 0;
  const ids = (cases.data ?? []).map((c) => c.id).join(",");
  const check = useQuery({
    ...caseCheckQueryOptions(journeyId, settled ?? -1, ids),
    enabled: settled !== null && count > 0,
  });
  const patch = useTestStore((s) => s.patch);
  useEffect(() => {
    patch({ checks: count === 0 ? [] : (check.data ?? null), checking: check.isFetching });
  }, [check.data, check.isFetching, count, patch]);
}
