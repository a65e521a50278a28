import { Anchor, Card, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { type GroupBy, type Period, timesCsvUrl, timesQueryOptions } from "../api/reports";
import { formatDuration } from "../model/durations";

const GROUPS: { value: GroupBy; label: string }[] = [
  { value: "type", label: "Job type" },
  { value: "queue", label: "Queue" },
  { value: "assignee", label: "Staff member" },
  { value: "journey", label: "Journey" },
];

/** Time to claim and to complete (average, median, 90th percentile) per group. */
export function TimesSection({ period }: { period: Period }) {
  const [groupBy, setGroupBy] = useState<GroupBy>("type");
  const times = useQuery(timesQueryOptions(groupBy, period));
  const groupLabel = GROUPS.find((g) => g.value === groupBy)?.label ?? groupBy;

  return (
    <Stack gap="sm" component="section" aria-labelledby="times-title">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3" id="times-title">
          Time to claim and complete
        </Title>
        <Group gap="sm">
          <SegmentedControl
            aria-label="Group by"
            data={GROUPS}
            value={groupBy}
            onChange={(value) => setGroupBy(value as GroupBy)}
            size="sm"
          />
          <Anchor href={timesCsvUrl(groupBy, period)} download size="sm">
            Export CSV
          </Anchor>
        </Group>
      </Group>
      <LoadError what="the times" error={times.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Times table" minWidth={980}>
          <Table
            verticalSpacing="xs"
            horizontalSpacing="md"
            aria-label={`Times by ${groupLabel.toLowerCase()}`}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th rowSpan={2}>{groupLabel}</Table.Th>
                <Table.Th rowSpan={2} ta="right">
                  Created
                </Table.Th>
                <Table.Th rowSpan={2} ta="right">
                  Claimed
                </Table.Th>
                <Table.Th rowSpan={2} ta="right">
                  Completed
                </Table.Th>
                <Table.Th colSpan={3} ta="center">
                  Time to claim
                </Table.Th>
                <Table.Th colSpan={3} ta="center">
                  Time to complete
                </Table.Th>
              </Table.Tr>
              <Table.Tr>
                {["claim", "complete"].flatMap((what) =>
                  ["Average", "Median", "90th %"].map((stat) => (
                    <Table.Th
                      key={`${what}-${stat}`}
                      ta="right"
                      aria-label={`${stat} time to ${what}`}
                    >
                      {stat}
                    </Table.Th>
                  )),
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={times.isFetching}>
              {times.data?.rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={10}>
                    <Text c="dimmed" ta="center" py="md">
                      No jobs were created in this period.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {times.data?.rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {row.label}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{row.created}</Table.Td>
                  <Table.Td ta="right">{row.claimed}</Table.Td>
                  <Table.Td ta="right">{row.completed}</Table.Td>
                  {(
                    [
                      ["claim", row.time_to_claim],
                      ["complete", row.time_to_complete],
                    ] as const
                  ).flatMap(([what, d]) =>
                    (["avg", "median", "p90"] as const).map((stat) => (
                      <Table.Td key={`${what}-${stat}`} ta="right">
                        {formatDuration(d?.[stat])}
                      </Table.Td>
                    )),
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
    </Stack>
  );
}
