import { Anchor, Badge, Code, Group, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { DataTable } from "@/components/data-table/data-table";
import { PageHeader } from "@/components/page-header/page-header";
import { journeyPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import { RUNS_PAGE_SIZE, scheduleRunsQueryOptions, schedulesQueryOptions } from "../api/schedules";

/** Journeys' schedule triggers (when each runs next) and every run so far. */
export function SchedulesPage() {
  useDocumentTitle("Schedules · Waymark");
  const schedules = useQuery(schedulesQueryOptions);
  const [page, setPage] = useState(1);
  const runs = useQuery(scheduleRunsQueryOptions(page));

  return (
    <Stack gap="lg">
      <PageHeader
        title="Schedules"
        description="Journeys that start on a schedule, when they run next, and every run so far."
      />
      <DataTable
        label="Schedules"
        minWidth={760}
        columns={[
          {
            header: "Journey",
            cell: (schedule) => (
              <>
                <Anchor component={Link} to={journeyPath(schedule.journey_id)} fw={600}>
                  {schedule.journey_name}
                </Anchor>
                <Text size="xs" c="dimmed" fw={400}>
                  {schedule.label} · version {schedule.version}
                </Text>
              </>
            ),
          },
          {
            header: "Runs",
            cell: (schedule) => (
              <>
                <Text size="sm">{schedule.description}</Text>
                {schedule.segment && (
                  <Text size="xs" c="dimmed">
                    Segment <Code fz="xs">{schedule.segment}</Code>
                  </Text>
                )}
              </>
            ),
          },
          {
            header: "Next run",
            cell: (schedule) => <Text size="sm">{formatDateTime(schedule.next_run_at)}</Text>,
          },
          {
            header: "Last run",
            cell: (schedule) =>
              schedule.last_run ? (
                <Text size="sm">
                  {formatDateTime(schedule.last_run.due_at)} ·{" "}
                  {enrolledText(schedule.last_run.enrolled)}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  Not run yet
                </Text>
              ),
          },
        ]}
        query={{
          ...schedules,
          data: schedules.data?.map((schedule) => ({
            ...schedule,
            key: `${schedule.journey_id}:${schedule.node_id}`,
          })),
        }}
        rowKey="key"
        loadingText="Loading schedules…"
        emptyText="No active journey starts on a schedule."
        what="schedules"
      />

      <Title order={2} size="h3">
        Runs
      </Title>
      <DataTable
        label="Schedule runs"
        minWidth={760}
        verticalSpacing="xs"
        columns={[
          { header: "Due", cell: (run) => <Text size="sm">{formatDateTime(run.due_at)}</Text> },
          {
            header: "Journey",
            cell: (run) => (
              <Text size="sm">
                {run.journey_name}{" "}
                <Text span size="xs" c="dimmed" fw={400}>
                  v{run.version} · {run.node_id}
                </Text>
              </Text>
            ),
          },
          {
            header: "Time zones",
            cell: (run) => (
              <Group gap={4}>
                {run.timezones.map((zone) => (
                  <Badge key={zone} variant="light" radius="sm" tt="none" fw={500}>
                    {zone}
                  </Badge>
                ))}
              </Group>
            ),
          },
          {
            header: "Contacts",
            align: "right",
            cell: (run) => <Text size="sm">{run.enrolled}</Text>,
          },
          {
            header: "Finished",
            cell: (run) => <Text size="sm">{formatDateTime(run.finished_at, "Running")}</Text>,
          },
        ]}
        query={runs}
        rowKey="id"
        emptyText="No runs yet."
        what="schedule runs"
        pagination={{ page, pageSize: RUNS_PAGE_SIZE, onChange: setPage, noun: "runs" }}
      />
    </Stack>
  );
}

function enrolledText(count: number): string {
  return count === 1 ? "1 contact" : `${count} contacts`;
}
