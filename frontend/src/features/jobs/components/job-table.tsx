import { Anchor, Badge, Button, Group, Text, Tooltip } from "@mantine/core";
import { Link } from "react-router";
import {
  DataTable,
  type DataTableColumn,
  type DataTableQuery,
} from "@/components/data-table/data-table";
import { jobPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import type { JobSummary } from "../types";
import { PRIORITY_COLOR, PRIORITY_LABEL, relativeTime, STATUS_COLOR, STATUS_LABEL } from "./labels";

interface JobTableProps {
  /** The page of jobs: its rows, first load, refetches and error. */
  query: DataTableQuery<JobSummary>;
  meId: string;
  /** Shown in a column when the view spans several queues. */
  showQueue?: boolean;
  /** Queue names to the words people know them by; a queue missing here shows its name. */
  queueLabels?: ReadonlyMap<string, string>;
  onClaim?: (job: JobSummary) => void;
  claimingId?: string | null;
  /** Row selection (supervisors' bulk reassign). */
  selected?: ReadonlySet<string>;
  onSelect?: (ids: ReadonlySet<string>) => void;
  label: string;
}

function isOpen(job: JobSummary): boolean {
  return job.status === "new" || job.status === "in_progress" || job.status === "on_hold";
}

/**
 * A page of jobs: what, whose, how urgent, when due; claim from the row. It fits a 1280 px
 * screen beside the navbar, queue column and row checkboxes included; on a narrower box
 * (a phone, a tablet) each job is a card with the same facts and its Claim or Open button.
 */
export function JobTable({
  query,
  meId,
  showQueue = false,
  queueLabels,
  onClaim,
  claimingId,
  selected,
  onSelect,
  label,
}: JobTableProps) {
  const columns: DataTableColumn<JobSummary>[] = [
    {
      header: "Job",
      minWidth: 180,
      cell: (job) => (
        // A long word (a reference, an email) breaks rather than widening the table.
        <div style={{ overflowWrap: "anywhere" }}>
          <Anchor component={Link} to={jobPath(job.id)} fw={600} size="sm">
            {job.title}
          </Anchor>
          {/* When it was created rides under the title: a column of its own pushed the
              supervisors' all-queues table past a 1280 px screen. */}
          <Text size="xs" c="dimmed" fw={400}>
            {job.contact && `${job.contact.name} · `}
            <time dateTime={job.created_at} title={formatDateTime(job.created_at)}>
              created {relativeTime(job.created_at)}
            </time>
          </Text>
        </div>
      ),
    },
    { header: "Type", cell: (job) => <Text size="sm">{job.type.label}</Text> },
    ...(showQueue
      ? [
          {
            header: "Queue",
            cell: (job: JobSummary) => (
              <Text size="sm">{queueLabels?.get(job.queue) ?? job.queue}</Text>
            ),
          },
        ]
      : []),
    {
      header: "Status",
      cell: (job) => (
        <Badge color={STATUS_COLOR[job.status]} variant="light" radius="sm" tt="none">
          {STATUS_LABEL[job.status]}
        </Badge>
      ),
    },
    {
      header: "Priority",
      cell: (job) => (
        <Badge color={PRIORITY_COLOR[job.priority]} variant="light" radius="sm" tt="none">
          {PRIORITY_LABEL[job.priority]}
        </Badge>
      ),
    },
    {
      header: "Assignee",
      cell: (job) => (
        <Text size="sm" c={job.assignee ? undefined : "dimmed"}>
          {job.assignee ? (job.assignee.id === meId ? "You" : job.assignee.name) : "Unassigned"}
        </Text>
      ),
    },
    {
      header: "Due",
      cell: (job) => (
        // The overrunning badge goes under the time when the column is narrow.
        <Group gap={4}>
          <Tooltip label={formatDateTime(job.due_at)} disabled={!job.due_at}>
            <Text size="sm" style={{ whiteSpace: "nowrap" }}>
              {job.due_at ? relativeTime(job.due_at) : "—"}
            </Text>
          </Tooltip>
          {job.overrunning && (
            <Badge color="red" variant="filled" radius="sm" tt="none" size="sm">
              Overrunning
            </Badge>
          )}
        </Group>
      ),
    },
    {
      header: "Actions",
      hideHeader: true,
      cell: (job) =>
        onClaim && isOpen(job) && !job.assignee ? (
          <Button
            size="compact-sm"
            onClick={() => onClaim(job)}
            loading={claimingId === job.id}
            aria-label={`Claim ${job.title}`}
          >
            Claim
          </Button>
        ) : (
          <Button
            component={Link}
            to={jobPath(job.id)}
            size="compact-sm"
            variant={job.assignee?.id === meId ? "filled" : "default"}
            aria-label={`Open ${job.title}`}
          >
            Open
          </Button>
        ),
    },
  ];

  return (
    <DataTable
      label={label}
      minWidth={820}
      columns={columns}
      query={query}
      rowKey="id"
      rowProps={(job) => ({ "data-job-id": job.id })}
      loadingText="Loading jobs…"
      emptyText="No jobs match this view."
      what="the jobs"
      highlightOnHover
      selection={
        selected && onSelect
          ? {
              selected,
              onChange: onSelect,
              rowLabel: (job) => `Select ${job.title}`,
              allLabel: "Select every job on this page",
            }
          : undefined
      }
    />
  );
}
