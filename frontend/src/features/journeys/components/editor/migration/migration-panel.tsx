import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useState } from "react";
import type {
  DryRun,
  Migration,
  PlanProposal,
  WaitingStep,
} from "@/types/generated/migrations-api";
import { isFinished } from "../../../api/migrations";
import { ErrorAlert } from "./error-alert";
import { MigrationHistory } from "./migration-history";
import {
  canKeep,
  destinationValue,
  migrationStatusText,
  parseDestination,
  percentDone,
  type StepChoice,
  stepKey,
  stepName,
  withDestination,
} from "./plan-model";
import { useMigrationPlan } from "./use-migration-plan";
import { useCancelMigration, useMigrationProgress } from "./use-migration-progress";

/**
 * Moving the contacts already in the journey onto the published version: for every step
 * of an older version where they wait, where they go and what becomes of their timers;
 * a dry run in counts; then applying it, with its progress (and a way to stop it), and
 * the journey's earlier migrations below.
 */
export function MigrationPanel({ journeyId, version }: { journeyId: string; version: number }) {
  const { proposal, choices, choose, plan, dryRun, apply } = useMigrationPlan(journeyId, version);
  // The migration followed: undefined follows the one being applied (if any), null none.
  const [migrationId, setMigrationId] = useState<string | null | undefined>(undefined);
  const followed =
    migrationId === undefined ? (proposal.data?.active_migration ?? null) : migrationId;
  const progress = useMigrationProgress(journeyId, followed);
  const cancel = useCancelMigration(journeyId);

  if (proposal.isPending) return <Loader size="sm" aria-label="Loading the migration plan" />;
  if (proposal.isError)
    return <ErrorAlert error={proposal.error} title="The migration plan could not be made" />;
  const data = proposal.data;
  const history = <MigrationHistory journeyId={journeyId} except={followed} />;
  if (data.running === 0 && followed === null)
    return (
      <Stack gap="sm">
        <Text size="sm" data-testid="migration-nobody">
          Nobody runs on an older version: there is nobody to move to version {data.to_version}.
        </Text>
        {history}
      </Stack>
    );
  const following = progress.data;
  // Stopped before the end: the plan can be made again for those left behind.
  const stopped = following?.status === "cancelled" || following?.status === "refused";
  return (
    <Stack gap="sm" component="section" aria-labelledby="migration-title">
      <Title order={3} size="sm" id="migration-title">
        Move the contacts already in the journey to version {data.to_version}
      </Title>
      <Text size="sm">
        {data.running} contact{data.running === 1 ? " runs" : "s run"} on older versions. Choose
        where the contacts at each step go; those you do not move finish on their version.
      </Text>
      <PlanTable proposal={data} choices={choices} choose={choose} disabled={followed !== null} />
      {followed === null && (
        <Group>
          <Button
            variant="default"
            onClick={() => plan && dryRun.mutate(plan)}
            loading={dryRun.isPending}
          >
            Dry run
          </Button>
          <Button
            onClick={() =>
              plan && apply.mutate(plan, { onSuccess: (created) => setMigrationId(created.id) })
            }
            loading={apply.isPending}
          >
            Move contacts
          </Button>
        </Group>
      )}
      {dryRun.data && followed === null && <DryRunCounts run={dryRun.data} />}
      {dryRun.isError && <ErrorAlert error={dryRun.error} title="This plan cannot be applied" />}
      {apply.isError && <ErrorAlert error={apply.error} title="Nothing was moved" />}
      {following && <Progress_ migration={following} />}
      {following && !isFinished(following) && (
        <Group>
          <Button
            color="red"
            variant="light"
            onClick={() => cancel.mutate(following.id)}
            loading={cancel.isPending}
          >
            Stop moving contacts
          </Button>
          <Text size="xs" c="dimmed">
            Those already moved stay on version {following.to_version}.
          </Text>
        </Group>
      )}
      {cancel.isError && <ErrorAlert error={cancel.error} title="Not stopped" />}
      {stopped && (
        <Group>
          <Button
            variant="default"
            onClick={() => {
              setMigrationId(null);
              apply.reset();
              void proposal.refetch();
            }}
          >
            Plan again
          </Button>
        </Group>
      )}
      {history}
    </Stack>
  );
}

function PlanTable({
  proposal,
  choices,
  choose,
  disabled,
}: {
  proposal: PlanProposal;
  choices: Record<string, StepChoice>;
  choose: (step: WaitingStep, choice: StepChoice) => void;
  disabled: boolean;
}) {
  const targets = proposal.targets.map((t) => ({
    value: `move:${t.node_id}`,
    label: `Move to “${stepName(t)}”`,
  }));
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table aria-label="Migration plan" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Step where contacts wait</Table.Th>
            <Table.Th scope="col">Waiting now</Table.Th>
            <Table.Th scope="col">Where they go</Table.Th>
            <Table.Th scope="col">Their wait</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {proposal.steps.map((step) => {
            const choice = choices[stepKey(step)];
            if (!choice) return null;
            const name = `“${stepName(step)}” (version ${step.version})`;
            const keeps = canKeep(step, choice);
            return (
              <Table.Tr key={stepKey(step)} data-testid={`plan-row-${step.node_id}`}>
                <Table.Td>
                  <Text size="sm">{name}</Text>
                  {!step.in_new_version && (
                    <Badge color="red" variant="light" size="xs">
                      removed in version {proposal.to_version}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{step.waiting}</Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={`Where contacts at ${name} go`}
                    size="xs"
                    disabled={disabled}
                    value={destinationValue(choice.destination)}
                    data={[
                      ...targets,
                      { value: "finish", label: `Finish on version ${step.version}` },
                      { value: "leave", label: "Leave the journey" },
                    ]}
                    onChange={(e) =>
                      choose(
                        step,
                        withDestination(step, choice, parseDestination(e.currentTarget.value)),
                      )
                    }
                  />
                </Table.Td>
                <Table.Td>
                  {choice.destination.kind === "move" ? (
                    <NativeSelect
                      aria-label={`Timers of contacts at ${name}`}
                      size="xs"
                      disabled={disabled}
                      value={keeps ? choice.timers : "restart"}
                      data={[
                        { value: "keep", label: "Keep the due time", disabled: !keeps },
                        { value: "restart", label: "Restart the step" },
                      ]}
                      onChange={(e) =>
                        choose(step, {
                          ...choice,
                          timers: e.currentTarget.value === "keep" ? "keep" : "restart",
                        })
                      }
                    />
                  ) : (
                    <Text size="xs">—</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DryRunCounts({ run }: { run: DryRun }) {
  return (
    <Alert color="blue" variant="light" title="Dry run: nothing was changed">
      <Text size="sm" data-testid="dry-run-counts">
        {run.move} would move to version {run.to_version}, {run.stay} would stay on their version
        {run.unmapped ? ` (${run.unmapped} at steps the plan does not name)` : ""}, {run.leave}{" "}
        would leave the journey.
      </Text>
    </Alert>
  );
}

/** Named with an underscore: Mantine's `Progress` is the bar inside. */
function Progress_({ migration }: { migration: Migration }) {
  const done = migration.status === "done";
  const value = done ? 100 : percentDone(migration.total, migration.pending);
  return (
    <Stack gap={4} aria-live="polite">
      <Progress value={value} aria-label="Contacts moved" />
      <Text size="sm" data-testid="migration-status">
        {migrationStatusText(migration)}
      </Text>
    </Stack>
  );
}
