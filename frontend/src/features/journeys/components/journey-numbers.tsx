import { Alert, Anchor, Group, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { PageLoader } from "@/components/page-loader/page-loader";
import { paths } from "@/config/paths";
import type { JourneyNode } from "@/types/generated/journey";
import {
  catalogQueryOptions,
  journeyQueryOptions,
  statsQueryOptions,
  toEngineCatalog,
} from "../api/journeys";
import { exitsOf } from "../model/exits";
import { KINDS } from "../model/node-kinds";
import { formatCount, messageLine, type NodeCounts } from "../model/stats";
import { summarize } from "../model/summary";
import { StatusBadge } from "./list/status-badge";

interface StepRow {
  id: string;
  node: JourneyNode;
  counts: NodeCounts | undefined;
  /** Each exit the step has, with how many contacts took it. */
  exits: { label: string; count: number }[];
}

const COLUMNS: DataTableColumn<StepRow>[] = [
  {
    header: "Step",
    minWidth: 200,
    cell: ({ node }) => (
      <>
        <Text size="sm" fw={600}>
          {KINDS[node.kind].icon} {node.label || KINDS[node.kind].label}
        </Text>
        <Text size="xs" c="dimmed" fw={400}>
          {KINDS[node.kind].label} · {summarize(node)}
        </Text>
      </>
    ),
  },
  {
    header: "Entered",
    align: "right",
    cell: ({ counts }) => formatCount(counts?.entered ?? 0),
  },
  {
    header: "Waiting now",
    align: "right",
    cell: ({ counts }) => formatCount(counts?.waiting ?? 0),
  },
  {
    header: "Exits",
    cell: ({ exits }) =>
      exits.length === 0
        ? "—"
        : exits.map((exit) => `${exit.label}: ${formatCount(exit.count)}`).join(" · "),
  },
  {
    header: "Messages",
    cell: ({ node, counts }) => (counts ? messageLine(node.kind, counts) : null) ?? "—",
  },
];

/**
 * `/journeys/:id` on a phone: the canvas needs a wider screen to be edited, so this says so
 * and shows the journey's numbers instead, read-only — how many contacts entered each step,
 * wait there now, and took each of its exits.
 */
export function JourneyNumbersPage() {
  const { id = "" } = useParams();
  const journey = useQuery(journeyQueryOptions(id));
  const stats = useQuery(statsQueryOptions(id));
  const catalog = useQuery(catalogQueryOptions);
  useDocumentTitle(`${journey.data?.name ?? "Journey"} · Waymark`);

  if (journey.error) return <LoadError what="the journey" error={journey.error} />;
  if (!journey.data) return <PageLoader />;
  const engineCatalog = catalog.data ? toEngineCatalog(catalog.data) : null;
  const rows: StepRow[] = (journey.data.definition.nodes ?? []).map((node) => {
    const counts = stats.data?.nodes?.[node.id];
    return {
      id: node.id,
      node,
      counts,
      exits: exitsOf(node, engineCatalog).map((exit) => ({
        label: exit.label,
        count: counts?.exits?.[exit.id] ?? 0,
      })),
    };
  });

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={paths.journeys} size="sm">
        ← Back to journeys
      </Anchor>
      <PageHeader
        title={journey.data.name}
        description={
          <Group gap="xs" component="span">
            <StatusBadge status={journey.data.status} />
            {journey.data.published_version !== null && (
              <span>Published version {journey.data.published_version}</span>
            )}
          </Group>
        }
      />
      <Alert color="blue" variant="light" title="The journey editor needs a wider screen">
        Open this journey on a tablet or a computer to change it. Here, read-only, is how many
        contacts went through each of its steps.
      </Alert>
      <LoadError what="the journey's numbers" error={stats.error} />
      <DataTable
        label="Steps and their numbers"
        minWidth={720}
        columns={COLUMNS}
        query={rows}
        rowKey="id"
        emptyText="This journey has no steps yet."
      />
    </Stack>
  );
}
