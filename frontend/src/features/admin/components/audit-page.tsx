import { Badge, Code, List, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { FilterBar, SearchFilter } from "@/components/filter-bar/filter-bar";
import { PageHeader } from "@/components/page-header/page-header";
import { formatDateTime } from "@/lib/format";
import { useListFilters } from "@/lib/use-list-filters";
import { AUDIT_PAGE_SIZE, auditQueryOptions } from "../api/audit";
import type { AuditEntry } from "../types";
import { formatChanges } from "./format-change";

const TARGET_TYPES = [
  { value: "user", label: "Users" },
  { value: "role", label: "Roles" },
  { value: "api_key", label: "API keys" },
  { value: "setting", label: "Settings" },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID's first block is enough to tell entries apart; names (roles) stay whole. */
function shortId(id: string): string {
  return UUID.test(id) ? `${id.slice(0, 8)}…` : id;
}

const COLUMNS: DataTableColumn<AuditEntry>[] = [
  {
    header: "When",
    cell: (entry) => (
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        {formatDateTime(entry.at)}
      </Text>
    ),
  },
  {
    header: "Actor",
    minWidth: 180,
    cell: (entry) => (
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        {entry.actor?.email ?? "System"}
      </Text>
    ),
  },
  { header: "Action", cell: (entry) => <Code fz="xs">{entry.action}</Code> },
  {
    header: "Target",
    cell: (entry) => (
      <>
        <Badge variant="light" color="gray" radius="sm" tt="none">
          {entry.target_type}
        </Badge>
        <Text size="xs" c="dimmed" title={entry.target_id} ff="monospace">
          {shortId(entry.target_id)}
        </Text>
      </>
    ),
  },
  {
    header: "Changes",
    minWidth: 280,
    cell: (entry) => {
      const changes = formatChanges(entry.changes);
      return changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ) : (
        <List size="sm" spacing={2} listStyleType="none">
          {changes.map((change) => (
            <List.Item key={change}>{change}</List.Item>
          ))}
        </List>
      );
    },
  },
];

export function AuditPage() {
  useDocumentTitle("Audit log · Admin · Waymark");
  const { filters, setFilter, page, setPage, clear, activeCount } = useListFilters({
    actorInput: "",
    targetType: null as string | null,
  });
  const { actorInput, targetType } = filters;
  const [actor] = useDebouncedValue(actorInput, 400);
  const audit = useQuery(auditQueryOptions({ actor, target_type: targetType, page }));

  return (
    <Stack gap="lg">
      <PageHeader
        title="Audit log"
        description="Every change to accounts, roles and keys: who, when and what changed."
      />

      <FilterBar
        search={
          <SearchFilter
            label="Actor"
            description="Email address (or user id) of who made the change."
            placeholder="someone@example.com"
            value={actorInput}
            onChange={(value) => setFilter("actorInput", value)}
            minWidth={280}
          />
        }
        activeCount={activeCount("actorInput")}
        onClear={() => clear("actorInput")}
      >
        <Select
          label="Target type"
          description="What was changed."
          placeholder="Anything"
          data={TARGET_TYPES}
          value={targetType}
          onChange={(value) => setFilter("targetType", value)}
          clearable
          w={220}
        />
      </FilterBar>

      <DataTable
        label="Audit log"
        minWidth={900}
        columns={COLUMNS}
        query={audit}
        rowKey="id"
        loadingText="Loading the audit log…"
        emptyText="No entries match these filters."
        what="the audit log"
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
