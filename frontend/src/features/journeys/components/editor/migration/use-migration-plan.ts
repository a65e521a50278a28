import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { MigrationPlan, WaitingStep } from "@/types/generated/migrations-api";
import { migrationApi, proposalQueryOptions } from "../../../api/migrations";
import { initialChoices, type StepChoice, stepKey, toPlan } from "./plan-model";

/**
 * The plan being made: the server's proposal, the choice per waiting step (starting from
 * the proposal's), its dry run (forgotten when a choice changes) and applying it.
 */
export function useMigrationPlan(journeyId: string, version: number | null) {
  const proposal = useQuery({
    ...proposalQueryOptions(journeyId, version),
    enabled: version !== null,
  });
  const [choices, setChoices] = useState<Record<string, StepChoice>>({});
  useEffect(() => {
    if (proposal.data) setChoices(initialChoices(proposal.data));
  }, [proposal.data]);
  const plan = useMemo(
    () => (proposal.data ? toPlan(proposal.data, choices) : null),
    [proposal.data, choices],
  );
  const dryRun = useMutation({
    mutationFn: (body: MigrationPlan) => migrationApi.dryRun(journeyId, body),
  });
  const apply = useMutation({
    mutationFn: (body: MigrationPlan) => migrationApi.apply(journeyId, body),
  });
  const choose = (step: WaitingStep, choice: StepChoice) => {
    setChoices((current) => ({ ...current, [stepKey(step)]: choice }));
    dryRun.reset();
  };
  return { proposal, choices, choose, plan, dryRun, apply };
}
