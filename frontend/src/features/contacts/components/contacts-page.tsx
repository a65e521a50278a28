import {
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedCallback, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/filter-bar/filter-bar";
import { SearchIcon } from "@/components/icons/icons";
import { PageHeader } from "@/components/page-header/page-header";
import { contactPath, paths } from "@/config/paths";
import { CHANNEL_LABELS } from "@/lib/channels";
import {
  contactsQueryOptions,
  ownersQueryOptions,
  segmentChoicesQueryOptions,
} from "../api/contacts";
import {
  activeFilterCount,
  type ContactFilters,
  filtersFromSearch,
  filtersToSearch,
  NO_FILTERS,
  withFilter,
} from "../model/filters";
import { CHANNELS, type ContactSummary } from "../types";

const CONSENT_OPTIONS = CHANNELS.flatMap((channel) => [
  { value: `${channel}:allowed`, label: `${CHANNEL_LABELS[channel]}: may contact` },
  { value: `${channel}:refused`, label: `${CHANNEL_LABELS[channel]}: may not contact` },
]);

const COLUMNS: DataTableColumn<ContactSummary>[] = [
  {
    header: "Name",
    cell: (contact) => (
      <>
        <Anchor component={Link} to={contactPath(contact.id)} fw={600} size="sm">
          {contact.name || contact.email || contact.external_id || "Unnamed contact"}
        </Anchor>
        <Text size="xs" c="dimmed">
          {[contact.email, contact.external_id].filter(Boolean).join(" · ")}
        </Text>
      </>
    ),
  },
  { header: "Phone", cell: (contact) => <Text size="sm">{contact.phone ?? "—"}</Text> },
  {
    header: "Tags",
    cell: (contact) => (
      <Group gap={4}>
        {contact.tags.map((tag) => (
          <Badge key={tag} variant="light" radius="sm" tt="none">
            {tag}
          </Badge>
        ))}
      </Group>
    ),
  },
  { header: "Score", cell: (contact) => <Text size="sm">{contact.score}</Text> },
  { header: "Owner", cell: (contact) => <Text size="sm">{contact.owner?.name ?? "—"}</Text> },
];

export function ContactsPage() {
  useDocumentTitle("Contacts · Waymark");
  const [params, setParams] = useSearchParams();
  const filters = filtersFromSearch(params);
  const setFilters = (next: ContactFilters) => setParams(filtersToSearch(next), { replace: true });
  const set = <K extends keyof ContactFilters>(key: K, value: ContactFilters[K]) =>
    setFilters(withFilter(filters, key, value));

  // The search box answers at once; the address (and the query) follow after a pause.
  const [search, setSearch] = useState(filters.q);
  const commitSearch = useDebouncedCallback((q: string) => set("q", q), 300);

  const contacts = useQuery(contactsQueryOptions(filters));
  const owners = useQuery(ownersQueryOptions);
  const segments = useQuery(segmentChoicesQueryOptions);
  const ownerOptions = [
    { value: "none", label: "Nobody" },
    ...(owners.data ?? []).map((o) => ({ value: o.id, label: o.name })),
  ];

  return (
    <Stack gap="lg">
      <PageHeader
        title="Contacts"
        description="Everyone Waymark knows: customers, leads, staff and affiliates."
        actions={
          <Button component={Link} to={paths.segments} variant="default">
            Segments
          </Button>
        }
      />

      <FilterBar
        activeCount={activeFilterCount(filters)}
        onClear={() => setFilters({ ...NO_FILTERS, q: filters.q })}
        search={
          <TextInput
            label="Search"
            placeholder="Name, email, phone or external id"
            type="search"
            leftSection={<SearchIcon size={16} />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              commitSearch(event.currentTarget.value);
            }}
          />
        }
      >
        <TextInput
          label="Tag"
          placeholder="Any tag"
          w={150}
          defaultValue={filters.tag ?? ""}
          key={`tag-${filters.tag ?? ""}`}
          onBlur={(e) => set("tag", e.currentTarget.value.trim() || null)}
          onKeyDown={(e) => {
            if (e.key === "Enter") set("tag", e.currentTarget.value.trim() || null);
          }}
        />
        <Select
          label="Segment"
          placeholder="Any segment"
          w={200}
          data={(segments.data ?? []).map((s) => ({ value: s.name, label: s.label }))}
          value={filters.segment}
          onChange={(value) => set("segment", value)}
          clearable
          searchable
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          w={180}
          data={ownerOptions}
          value={filters.owner}
          onChange={(value) => set("owner", value)}
          clearable
          searchable
        />
        <Select
          label="Consent"
          placeholder="Any"
          w={220}
          data={CONSENT_OPTIONS}
          value={filters.consent}
          onChange={(value) => set("consent", value)}
          clearable
        />
        <NumberInput
          label="Score from"
          w={110}
          value={filters.score_min ?? ""}
          onChange={(value) => set("score_min", typeof value === "number" ? value : null)}
        />
        <NumberInput
          label="Score to"
          w={110}
          value={filters.score_max ?? ""}
          onChange={(value) => set("score_max", typeof value === "number" ? value : null)}
        />
      </FilterBar>

      <DataTable
        label="Contacts"
        minWidth={760}
        highlightOnHover
        columns={COLUMNS}
        query={contacts}
        rowKey="id"
        emptyText="No contacts match these filters."
        what="contacts"
        pagination={{
          page: filters.page,
          pageSize: filters.page_size,
          onChange: (page) => set("page", page),
          noun: "contacts",
        }}
      />
    </Stack>
  );
}
