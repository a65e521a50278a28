import {
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  List,
  Progress,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useMemo, useState } from "react";
import { useCan } from "@/lib/authorization";
import type { Total, WhatIfRun } from "@/types/generated/what-if-api";
import { formatCount } from "../../../model/stats";
import { isRunning, useCancelWhatIf, useDeleteWhatIf, whatIfsQueryOptions } from "./api";
import { WhatIfContactsModal } from "./contacts-modal";
import { WhatIfStartForm } from "./start-form";
import type { Drill, WhatIfOverlay } from "./what-if-overlay";

const STATUS_COLORS: Record<WhatIfRun["status"], string> = {
  queued: "gray",
  running: "blue",
  completed: "green",
  cancelled: "yellow",
  failed: "red",
};

/**
 * The editor's what-if: a toolbar button, the panel (start one, its progress, its totals),
 * the overlay the node cards read, and the contacts behind any number.
 */
export function useWhatIf(journeyId: string): {
  button: ReactNode;
  panel: ReactNode;
  overlay: WhatIfOverlay | null;
} {
  const [opened, setOpened] = useState(false);
  const [shownId, setShownId] = useState<string | null>(null);
  const [onCanvas, setOnCanvas] = useState(true);
  // The numbers make every card taller, so they join the canvas only once the marketer has
  // opened the what-if: a journey that merely has an old what-if keeps its usual layout.
  const [asked, setAsked] = useState(false);
  const [drill, setDrill] = useState<Drill | null>(null);
  const runs = useQuery(whatIfsQueryOptions(journeyId));
  const list = runs.data ?? [];
  const shown =
    list.find((run) => run.id === shownId) ??
    list.find((run) => run.status === "completed") ??
    list[0];
  const result = asked && onCanvas && shown?.status === "completed" ? shown.result : null;
  const overlay = useMemo(
    () => (result ? { result, drill: (d: Drill) => setDrill(d) } : null),
    [result],
  );
  const button = (
    <Button
      size="xs"
      variant="default"
      onClick={() => {
        setOpened(true);
        setAsked(true);
      }}
    >
      What-if…
    </Button>
  );
  const panel = (
    <>
      <Drawer
        opened={opened}
        onClose={() => setOpened(false)}
        position="right"
        size="lg"
        title="What-if on past events"
        closeButtonProps={{ "aria-label": "Close the what-if panel" }}
      >
        <Stack gap="md">
          <Text size="sm">
            Replay the draft (or a published version) over the events really recorded in a period,
            and compare what it would have done with what the live version did. Nothing is sent or
            stored outside the what-if.
          </Text>
          <WhatIfStartForm journeyId={journeyId} onStarted={(run) => setShownId(run.id)} />
          {runs.error && (
            <Alert color="red" title="Could not load the what-ifs">
              {runs.error.message}
            </Alert>
          )}
          {list.length > 1 && (
            <Select
              label="Show the what-if of"
              data={list.map((run) => ({
                value: run.id,
                label: `${new Date(run.created_at).toLocaleString()} · ${run.status}`,
              }))}
              value={shown?.id ?? null}
              onChange={(value) => setShownId(value)}
              allowDeselect={false}
            />
          )}
          {shown && (
            <RunView
              journeyId={journeyId}
              run={shown}
              onCanvas={onCanvas}
              setOnCanvas={setOnCanvas}
              drill={setDrill}
            />
          )}
        </Stack>
      </Drawer>
      {shown && (
        <WhatIfContactsModal
          journeyId={journeyId}
          runId={shown.id}
          drill={drill}
          onClose={() => setDrill(null)}
        />
      )}
    </>
  );
  return { button, panel, overlay };
}

function RunView({
  journeyId,
  run,
  onCanvas,
  setOnCanvas,
  drill,
}: {
  journeyId: string;
  run: WhatIfRun;
  onCanvas: boolean;
  setOnCanvas: (on: boolean) => void;
  drill: (drill: Drill) => void;
}) {
  const canWrite = useCan(["journeys:write"]);
  const cancel = useCancelWhatIf(journeyId);
  const remove = useDeleteWhatIf(journeyId);
  const period = `${new Date(run.period_start).toLocaleDateString()} – ${new Date(
    run.period_end,
  ).toLocaleDateString()}`;
  const result = run.result;
  return (
    <Stack gap="sm" data-testid="what-if-run" data-status={run.status}>
      <Group justify="space-between">
        <Title order={2} size="h5">
          {run.version === null ? "The draft" : `Version ${run.version}`} over {period}
          {run.segment_name ? ` · segment ${run.segment_name}` : ""}
        </Title>
        <Badge variant="outline" color={STATUS_COLORS[run.status]} c="dark">
          {run.status}
        </Badge>
      </Group>
      {isRunning(run) && (
        <Stack gap={4}>
          <Progress
            value={run.progress}
            animated
            aria-label={`What-if progress: ${run.progress}%`}
            data-testid="what-if-progress"
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {formatCount(run.contacts_done)} of {formatCount(run.contacts_total)} contacts ·{" "}
              {formatCount(run.events_done)} events
            </Text>
            {canWrite && (
              <Button
                size="xs"
                variant="default"
                color="red"
                loading={cancel.isPending}
                onClick={() => cancel.mutate(run.id)}
              >
                Cancel
              </Button>
            )}
          </Group>
        </Stack>
      )}
      {run.status === "failed" && (
        <Alert color="red" title="The what-if failed">
          {run.error}
        </Alert>
      )}
      {result && (
        <>
          <Switch
            label="Show the numbers on the canvas"
            checked={onCanvas}
            onChange={(e) => setOnCanvas(e.currentTarget.checked)}
          />
          <Text size="sm">
            {formatCount(result.contacts)} contacts, {formatCount(result.events)} events replayed in{" "}
            {result.seconds.toFixed(1)} s.
          </Text>
          <Totals title="Contacts" rows={[result.enrolled]} drill={drill} />
          <Totals title="Messages, per channel and template" rows={result.messages} drill={drill} />
          <Totals title="Jobs, per queue" rows={result.jobs} drill={drill} />
          <Totals title="Contacts at each end step" rows={result.ends} drill={drill} />
          {result.assumptions.length > 0 && (
            <>
              <Text size="sm" fw={600}>
                Taken as given
              </Text>
              <List size="sm">
                {result.assumptions.map((line) => (
                  <List.Item key={line}>{line}</List.Item>
                ))}
              </List>
            </>
          )}
        </>
      )}
      <details>
        <summary>
          <Text span size="sm" fw={600}>
            What a replay cannot know
          </Text>
        </summary>
        <List size="xs" mt="xs">
          {run.limitations.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      </details>
      {canWrite && !isRunning(run) && (
        <Group>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate(run.id)}
          >
            Delete this what-if
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Totals({
  title,
  rows,
  drill,
}: {
  title: string;
  rows: Total[];
  drill: (drill: Drill) => void;
}) {
  return (
    <Table withTableBorder striped data-testid="what-if-totals">
      <Table.Caption style={{ captionSide: "top", textAlign: "left" }}>{title}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">What</Table.Th>
          <Table.Th scope="col">Draft</Table.Th>
          <Table.Th scope="col">Live</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 ? (
          <Table.Tr>
            <Table.Td colSpan={3}>
              <Text size="sm" c="dimmed">
                None.
              </Text>
            </Table.Td>
          </Table.Tr>
        ) : (
          rows.map((row) => (
            <Table.Tr key={row.bucket}>
              <Table.Th scope="row">{row.label}</Table.Th>
              {(["draft", "live"] as const).map((side) => (
                <Table.Td key={side}>
                  <UnstyledButton
                    td="underline"
                    aria-label={`${row[side]} (${side}), ${row.label}: list the contacts`}
                    onClick={() =>
                      drill({
                        bucket: row.bucket,
                        side,
                        title: `${side === "draft" ? "Draft" : "Live"}: ${row.label}`,
                      })
                    }
                  >
                    {formatCount(row[side])}
                  </UnstyledButton>
                </Table.Td>
              ))}
            </Table.Tr>
          ))
        )}
      </Table.Tbody>
    </Table>
  );
}
