import {
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
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { SearchIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { Pager } from "@/components/pager/pager";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { formatDateTime } from "@/lib/format";
import { AUDIT_PAGE_SIZE, auditQueryOptions } from "../api/audit";
import { formatChanges } from "./format-change";

const TARGET_TYPES = [
  { value: "user", label: "Users" },
  { value: "role", label: "Roles" },
  { value: "api_key", label: "API keys" },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID's first block is enough to tell entries apart; names (roles) stay whole. */
function shortId(id: string): string {
  return UUID.test(id) ? `${id.slice(0, 8)}…` : id;
}

export function AuditPage() {
  useDocumentTitle("Audit log · Admin · Waymark");
  const [actorInput, setActorInput] = useState("");
  const [actor] = useDebouncedValue(actorInput, 400);
  const [targetType, setTargetType] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const audit = useQuery(auditQueryOptions({ actor, target_type: targetType, page }));

  return (
    <Stack gap="lg">
      <PageHeader
        title="Audit log"
        description="Every change to accounts, roles and keys: who, when and what changed."
      />

      <Card withBorder radius="md" padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Actor"
            description="Email address (or user id) of who made the change."
            placeholder="someone@example.com"
            type="search"
            leftSection={<SearchIcon size={16} />}
            value={actorInput}
            onChange={(event) => {
              setActorInput(event.currentTarget.value);
              setPage(1);
            }}
            miw={280}
            style={{ flex: 1 }}
          />
          <Select
            label="Target type"
            description="What was changed."
            placeholder="Anything"
            data={TARGET_TYPES}
            value={targetType}
            onChange={(value) => {
              setTargetType(value);
              setPage(1);
            }}
            clearable
            w={220}
          />
        </Group>
      </Card>

      <LoadError what="the audit log" error={audit.error} />

      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Audit log table" minWidth={900}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Audit log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th miw={220}>Actor</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th miw={320}>Changes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={audit.isFetching}>
              {audit.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading the audit log…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {audit.data?.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      No entries match these filters.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {audit.data?.items.map((entry) => {
                const changes = formatChanges(entry.changes);
                return (
                  <Table.Tr key={entry.id}>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                        {formatDateTime(entry.at)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                        {entry.actor?.email ?? "System"}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Code fz="xs">{entry.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color="gray" radius="sm" tt="none">
                        {entry.target_type}
                      </Badge>
                      <Text size="xs" c="dimmed" title={entry.target_id} ff="monospace">
                        {shortId(entry.target_id)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {changes.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      ) : (
                        <List size="sm" spacing={2} listStyleType="none">
                          {changes.map((change) => (
                            <List.Item key={change}>{change}</List.Item>
                          ))}
                        </List>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
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
