import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { Link } from "react-router";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { jobPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import type { JobSummary } from "../types";
import { PRIORITY_COLOR, PRIORITY_LABEL, relativeTime, STATUS_COLOR, STATUS_LABEL } from "./labels";

interface JobTableProps {
  jobs: readonly JobSummary[] | undefined;
  loading: boolean;
  fetching?: boolean;
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

/** A page of jobs: what, whose, how urgent, when due; claim from the row. */
export function JobTable({
  jobs,
  loading,
  fetching = false,
  meId,
  showQueue = false,
  queueLabels,
  onClaim,
  claimingId,
  selected,
  onSelect,
  label,
}: JobTableProps) {
  const selectable = Boolean(selected && onSelect);
  const columns = 7 + (showQueue ? 1 : 0) + (selectable ? 1 : 0);
  const allIds = jobs?.map((job) => job.id) ?? [];
  const allSelected = selectable && allIds.length > 0 && allIds.every((id) => selected?.has(id));

  return (
    // Fits a 1280 px screen beside the navbar, queue column and row checkboxes included;
    // narrower screens scroll the table inside its own box.
    <TableScroll label={`${label} table`} minWidth={820}>
      <Table verticalSpacing="sm" horizontalSpacing="sm" aria-label={label} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {selectable && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label="Select every job on this page"
                  checked={allSelected}
                  indeterminate={!allSelected && allIds.some((id) => selected?.has(id))}
                  onChange={() => onSelect?.(new Set(allSelected ? [] : allIds))}
                />
              </Table.Th>
            )}
            <Table.Th miw={180}>Job</Table.Th>
            <Table.Th>Type</Table.Th>
            {showQueue && <Table.Th>Queue</Table.Th>}
            <Table.Th>Status</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Assignee</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody aria-busy={fetching}>
          {loading && (
            <Table.Tr>
              <Table.Td colSpan={columns}>
                <Text c="dimmed" ta="center" py="lg">
                  Loading jobs…
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {!loading && jobs?.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns}>
                <Text c="dimmed" ta="center" py="lg">
                  No jobs match this view.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {jobs?.map((job) => {
            const mine = job.assignee?.id === meId;
            return (
              <Table.Tr key={job.id} data-job-id={job.id}>
                {selectable && (
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${job.title}`}
                      checked={selected?.has(job.id) ?? false}
                      onChange={(event) => {
                        const next = new Set(selected);
                        if (event.currentTarget.checked) next.add(job.id);
                        else next.delete(job.id);
                        onSelect?.(next);
                      }}
                    />
                  </Table.Td>
                )}
                {/* A long word (a reference, an email) breaks rather than widening the table. */}
                <Table.Td style={{ overflowWrap: "anywhere" }}>
                  <Anchor component={Link} to={jobPath(job.id)} fw={600} size="sm">
                    {job.title}
                  </Anchor>
                  {/* When it was created rides under the title: a column of its own
                      pushed the supervisors' all-queues table past a 1280 px screen. */}
                  <Text size="xs" c="dimmed">
                    {job.contact && `${job.contact.name} · `}
                    <time dateTime={job.created_at} title={formatDateTime(job.created_at)}>
                      created {relativeTime(job.created_at)}
                    </time>
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{job.type.label}</Text>
                </Table.Td>
                {showQueue && (
                  <Table.Td>
                    <Text size="sm">{queueLabels?.get(job.queue) ?? job.queue}</Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Badge color={STATUS_COLOR[job.status]} variant="light" radius="sm" tt="none">
                    {STATUS_LABEL[job.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Badge color={PRIORITY_COLOR[job.priority]} variant="light" radius="sm" tt="none">
                    {PRIORITY_LABEL[job.priority]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={job.assignee ? undefined : "dimmed"}>
                    {job.assignee ? (mine ? "You" : job.assignee.name) : "Unassigned"}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {/* The overrunning badge goes under the time when the column is narrow. */}
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
                </Table.Td>
                <Table.Td>
                  {onClaim && isOpen(job) && !job.assignee ? (
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
                      variant={mine ? "filled" : "default"}
                      aria-label={`Open ${job.title}`}
                    >
                      Open
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
