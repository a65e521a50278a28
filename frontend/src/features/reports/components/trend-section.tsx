import { LineChart } from "@mantine/charts";
import {
  Card,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import {
  type Bucket,
  overrunningQueryOptions,
  type Period,
  trendQueryOptions,
} from "../api/reports";

const day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

/** Jobs created, claimed, completed and cancelled per day or week (a chart, and its table for screen readers). */
export function TrendSection({ period }: { period: Period }) {
  const [bucket, setBucket] = useState<Bucket>("day");
  const trend = useQuery(trendQueryOptions(bucket, period));
  const points = (trend.data ?? []).map((point) => ({
    ...point,
    label: day.format(new Date(point.start)),
  }));

  return (
    <Stack gap="sm" component="section" aria-labelledby="trend-title">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3" id="trend-title">
          Trend
        </Title>
        <SegmentedControl
          aria-label="Bucket"
          data={[
            { value: "day", label: "Per day" },
            { value: "week", label: "Per week" },
          ]}
          value={bucket}
          onChange={(value) => setBucket(value as Bucket)}
          size="sm"
        />
      </Group>
      <LoadError what="the trend" error={trend.error} />
      <Card withBorder radius="md" padding="md">
        {points.length === 0 ? (
          <Text c="dimmed" ta="center" py="md">
            {trend.isPending ? "Loading…" : "No jobs in this period."}
          </Text>
        ) : (
          <div aria-hidden="true">
            <LineChart
              h={260}
              data={points}
              dataKey="label"
              withLegend
              curveType="monotone"
              // The figures are in the table below for screen readers; the drawing takes no focus.
              lineChartProps={{ accessibilityLayer: false }}
              series={[
                { name: "created", label: "Created", color: "blue.7" },
                { name: "claimed", label: "Claimed", color: "violet.7" },
                { name: "completed", label: "Completed", color: "green.8" },
                { name: "cancelled", label: "Cancelled", color: "gray.7" },
              ]}
            />
          </div>
        )}
        <VisuallyHidden>
          <Table aria-label="Trend figures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{bucket === "day" ? "Day" : "Week from"}</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Claimed</Table.Th>
                <Table.Th>Completed</Table.Th>
                <Table.Th>Cancelled</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((point) => (
                <Table.Tr key={point.start}>
                  <Table.Td>{point.label}</Table.Td>
                  <Table.Td>{point.created}</Table.Td>
                  <Table.Td>{point.claimed}</Table.Td>
                  <Table.Td>{point.completed}</Table.Td>
                  <Table.Td>{point.cancelled}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </VisuallyHidden>
      </Card>
    </Stack>
  );
}

/** Open and overrunning jobs per queue, now. */
export function OverrunningSection() {
  const overrunning = useQuery(overrunningQueryOptions());
  return (
    <Stack gap="sm" component="section" aria-labelledby="overrunning-report-title">
      <Title order={2} size="h3" id="overrunning-report-title">
        Overrunning now
      </Title>
      <LoadError what="the overrunning counts" error={overrunning.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Overrunning jobs per queue table" minWidth={260}>
          <Table
            verticalSpacing="xs"
            horizontalSpacing="sm"
            aria-label="Overrunning jobs per queue"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queue</Table.Th>
                <Table.Th ta="right">Open</Table.Th>
                <Table.Th ta="right">Overrunning</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overrunning.data?.map((row) => (
                <Table.Tr key={row.queue}>
                  <Table.Td>{row.label}</Table.Td>
                  <Table.Td ta="right">{row.open}</Table.Td>
                  <Table.Td ta="right">
                    <Text
                      span
                      fw={row.overrunning ? 700 : undefined}
                      c={row.overrunning ? "red.8" : undefined}
                    >
                      {row.overrunning}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
    </Stack>
  );
}
