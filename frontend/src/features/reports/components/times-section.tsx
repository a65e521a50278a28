import { Anchor, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import {
  type GroupBy,
  type Period,
  type TimesRow,
  timesCsvUrl,
  timesQueryOptions,
} from "../api/reports";
import { formatDuration } from "../model/durations";

const STATS = [
  ["Average", "avg"],
  ["Median", "median"],
  ["90th %", "p90"],
] as const;

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
      <DataTable
        label={`Times by ${groupLabel.toLowerCase()}`}
        minWidth={980}
        verticalSpacing="xs"
        columns={[
          {
            header: groupLabel,
            cell: (row) => (
              <Text size="sm" fw={600}>
                {row.label}
              </Text>
            ),
          },
          { header: "Created", align: "right", cell: (row) => row.created },
          { header: "Claimed", align: "right", cell: (row) => row.claimed },
          { header: "Completed", align: "right", cell: (row) => row.completed },
          ...(
            [
              ["Time to claim", "time_to_claim"],
              ["Time to complete", "time_to_complete"],
            ] as const
          ).flatMap(([group, field]) =>
            STATS.map(([header, stat]) => ({
              header,
              group,
              align: "right" as const,
              cell: (row: TimesRow) => formatDuration(row[field]?.[stat]),
            })),
          ),
        ]}
        query={{ ...times, data: times.data?.rows }}
        rowKey="key"
        emptyText="No jobs were created in this period."
        what="the times"
      />
    </Stack>
  );
}
