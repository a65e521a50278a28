import { Anchor, Badge, Code, List, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/filter-bar/filter-bar";
import { jobPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import { describeChange } from "@/lib/job-changes";
import { useListFilters } from "@/lib/use-list-filters";
import {
  AUDIT_PAGE_SIZE,
  type JobAuditEntry,
  jobAuditQueryOptions,
  type Period,
} from "../api/reports";

const ACTIONS = [
  "job.created",
  "job.claimed",
  "job.unclaimed",
  "job.assigned",
  "job.updated",
  "job.note_added",
  "job.file_added",
  "job.completed",
  "job.cancelled",
];

const COLUMNS: DataTableColumn<JobAuditEntry>[] = [
  {
    header: "When",
    cell: (entry) => (
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        {formatDateTime(entry.at)}
      </Text>
    ),
  },
  { header: "Actor", cell: (entry) => <Text size="sm">{entry.actor?.name ?? "System"}</Text> },
  { header: "Action", cell: (entry) => <Code fz="xs">{entry.action}</Code> },
  {
    header: "Job",
    cell: (entry) => (
      <Anchor component={Link} to={jobPath(entry.job_id)} size="xs" ff="monospace">
        {entry.job_id.slice(0, 8)}…
      </Anchor>
    ),
  },
  {
    header: "Changes",
    minWidth: 280,
    cell: (entry) =>
      Object.keys(entry.changes ?? {}).length === 0 ? (
        <Badge variant="light" color="gray" radius="sm" tt="none">
          no fields
        </Badge>
      ) : (
        <List size="sm" spacing={2} listStyleType="none">
          {Object.entries(entry.changes).map(([field, change]) => (
            <List.Item key={field}>{describeChange(field, change)}</List.Item>
          ))}
        </List>
      ),
  },
];

/** The jobs audit log: every status change, who made it and when, with filters. */
export function JobAuditSection({ period }: { period: Period }) {
  const { filters, setFilter, page, setPage, clear, activeCount } = useListFilters({
    jobInput: "",
    actorInput: "",
    action: null as string | null,
  });
  const { jobInput, actorInput, action } = filters;
  const [jobId] = useDebouncedValue(jobInput, 400);
  const [actor] = useDebouncedValue(actorInput, 400);
  const audit = useQuery(
    jobAuditQueryOptions({ job_id: jobId, actor, action, from: period.from, to: period.to, page }),
  );

  return (
    <Stack gap="sm" component="section" aria-labelledby="job-audit-title">
      <Title order={2} size="h3" id="job-audit-title">
        Jobs audit log
      </Title>
      <FilterBar activeCount={activeCount()} onClear={() => clear()}>
        <TextInput
          label="Job id"
          value={jobInput}
          onChange={(event) => setFilter("jobInput", event.currentTarget.value)}
          w={300}
        />
        <TextInput
          label="Actor"
          description="Email address or user id."
          type="search"
          value={actorInput}
          onChange={(event) => setFilter("actorInput", event.currentTarget.value)}
          w={260}
        />
        <Select
          label="Action"
          placeholder="Any"
          data={ACTIONS}
          value={action}
          onChange={(value) => setFilter("action", value)}
          clearable
          w={200}
        />
      </FilterBar>
      <DataTable
        label="Jobs audit log"
        minWidth={860}
        verticalSpacing="xs"
        columns={COLUMNS}
        query={audit}
        rowKey="id"
        emptyText="No entries match these filters."
        what="the jobs audit log"
        pagination={{
          page,
          pageSize: AUDIT_PAGE_SIZE,
          onChange: setPage,
          noun: "entries",
        }}
      />
    </Stack>
  );
}
