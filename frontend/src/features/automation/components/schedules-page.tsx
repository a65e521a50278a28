import { Anchor, Badge, Card, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { Pager } from "@/components/pager/pager";
import { TableScroll } from "@/components/table-scroll/table-scroll";
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
      <LoadError what="schedules" error={schedules.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Schedules table" minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Schedules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Journey</Table.Th>
                <Table.Th>Runs</Table.Th>
                <Table.Th>Next run</Table.Th>
                <Table.Th>Last run</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {schedules.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading schedules…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {schedules.data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed" ta="center" py="lg">
                      No active journey starts on a schedule.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {schedules.data?.map((schedule) => (
                <Table.Tr key={`${schedule.journey_id}:${schedule.node_id}`}>
                  <Table.Td>
                    <Anchor component={Link} to={journeyPath(schedule.journey_id)} fw={600}>
                      {schedule.journey_name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {schedule.label} · version {schedule.version}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{schedule.description}</Text>
                    {schedule.segment && (
                      <Text size="xs" c="dimmed">
                        Segment <Code fz="xs">{schedule.segment}</Code>
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(schedule.next_run_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {schedule.last_run ? (
                      <Text size="sm">
                        {formatDateTime(schedule.last_run.due_at)} ·{" "}
                        {enrolledText(schedule.last_run.enrolled)}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not run yet
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>

      <Title order={2} size="h3">
        Runs
      </Title>
      <LoadError what="schedule runs" error={runs.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Schedule runs table" minWidth={760}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Schedule runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Due</Table.Th>
                <Table.Th>Journey</Table.Th>
                <Table.Th>Time zones</Table.Th>
                <Table.Th ta="right">Contacts</Table.Th>
                <Table.Th>Finished</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data?.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      No runs yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {runs.data?.items.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(run.due_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {run.journey_name}{" "}
                      <Text span size="xs" c="dimmed">
                        v{run.version} · {run.node_id}
                      </Text>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {run.timezones.map((zone) => (
                        <Badge key={zone} variant="light" radius="sm" tt="none" fw={500}>
                          {zone}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{run.enrolled}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(run.finished_at, "Running")}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      {runs.data && (
        <Pager
          page={page}
          pageSize={RUNS_PAGE_SIZE}
          total={runs.data.total}
          onChange={setPage}
          noun="runs"
        />
      )}
    </Stack>
  );
}

function enrolledText(count: number): string {
  return count === 1 ? "1 contact" : `${count} contacts`;
}
