import {
  Anchor,
  Badge,
  Card,
  Code,
  Group,
  List,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { Pager } from "@/components/pager/pager";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { jobPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import { AUDIT_PAGE_SIZE, jobAuditQueryOptions, type Period } from "../api/reports";

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

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "object") {
    // People and files read better by name than as JSON.
    const named = value as { name?: unknown; filename?: unknown };
    if (typeof named.name === "string") return named.name;
    if (typeof named.filename === "string") return named.filename;
    return JSON.stringify(value);
  }
  return String(value);
}

export function describeChange(field: string, change: unknown): string {
  if (change && typeof change === "object" && "from" in change && "to" in change) {
    const { from, to } = change as { from: unknown; to: unknown };
    return `${field}: ${show(from)} → ${show(to)}`;
  }
  return `${field}: ${show(change)}`;
}

/** The jobs audit log: every status change, who made it and when, with filters. */
export function JobAuditSection({ period }: { period: Period }) {
  const [jobInput, setJobInput] = useState("");
  const [actorInput, setActorInput] = useState("");
  const [jobId] = useDebouncedValue(jobInput, 400);
  const [actor] = useDebouncedValue(actorInput, 400);
  const [action, setAction] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const audit = useQuery(
    jobAuditQueryOptions({ job_id: jobId, actor, action, from: period.from, to: period.to, page }),
  );

  return (
    <Stack gap="sm" component="section" aria-labelledby="job-audit-title">
      <Title order={2} size="h3" id="job-audit-title">
        Jobs audit log
      </Title>
      <Card withBorder radius="md" padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Job id"
            value={jobInput}
            onChange={(event) => {
              setJobInput(event.currentTarget.value);
              setPage(1);
            }}
            w={300}
          />
          <TextInput
            label="Actor"
            description="Email address or user id."
            type="search"
            value={actorInput}
            onChange={(event) => {
              setActorInput(event.currentTarget.value);
              setPage(1);
            }}
            w={260}
          />
          <Select
            label="Action"
            placeholder="Any"
            data={ACTIONS}
            value={action}
            onChange={(value) => {
              setAction(value);
              setPage(1);
            }}
            clearable
            w={200}
          />
        </Group>
      </Card>
      <LoadError what="the jobs audit log" error={audit.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Jobs audit log table" minWidth={860}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Jobs audit log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Job</Table.Th>
                <Table.Th miw={280}>Changes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={audit.isFetching}>
              {audit.data?.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="md">
                      No entries match these filters.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {audit.data?.items.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(entry.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.actor?.name ?? "System"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code fz="xs">{entry.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={jobPath(entry.job_id)} size="xs" ff="monospace">
                      {entry.job_id.slice(0, 8)}…
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {Object.keys(entry.changes ?? {}).length === 0 ? (
                      <Badge variant="light" color="gray" radius="sm" tt="none">
                        no fields
                      </Badge>
                    ) : (
                      <List size="sm" spacing={2} listStyleType="none">
                        {Object.entries(entry.changes).map(([field, change]) => (
                          <List.Item key={field}>{describeChange(field, change)}</List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      {audit.data && (
        <Pager
          page={page}
          pageSize={AUDIT_PAGE_SIZE}
          total={audit.data.total}
          onChange={setPage}
          noun="entries"
        />
      )}
    </Stack>
  );
}
