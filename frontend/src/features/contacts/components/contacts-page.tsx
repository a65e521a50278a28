import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedCallback, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { SearchIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { Pager } from "@/components/pager/pager";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { contactPath, paths } from "@/config/paths";
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
import { CHANNELS } from "../types";

const CHANNEL_LABELS: Record<string, string> = {
  email: "Email",
  sms: "SMS",
  letter: "Letter",
  phone: "Phone",
};

const CONSENT_OPTIONS = CHANNELS.flatMap((channel) => [
  { value: `${channel}:allowed`, label: `${CHANNEL_LABELS[channel]}: may contact` },
  { value: `${channel}:refused`, label: `${CHANNEL_LABELS[channel]}: may not contact` },
]);

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

      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
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
          <Group gap="md" align="flex-end" wrap="wrap">
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
            {activeFilterCount(filters) > 0 && (
              <Button
                variant="subtle"
                onClick={() => {
                  setSearch("");
                  setFilters(NO_FILTERS);
                }}
              >
                Clear filters
              </Button>
            )}
          </Group>
        </Stack>
      </Card>

      <LoadError what="contacts" error={contacts.error} />

      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Contacts table" minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Contacts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Tags</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Owner</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={contacts.isFetching}>
              {contacts.data?.items.map((contact) => (
                <Table.Tr key={contact.id}>
                  <Table.Td>
                    <Anchor component={Link} to={contactPath(contact.id)} fw={600} size="sm">
                      {contact.name || contact.email || contact.external_id || "Unnamed contact"}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {[contact.email, contact.external_id].filter(Boolean).join(" · ")}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{contact.phone ?? "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {contact.tags.map((tag) => (
                        <Badge key={tag} variant="light" radius="sm" tt="none">
                          {tag}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{contact.score}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{contact.owner?.name ?? "—"}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
              {contacts.data?.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      No contacts match these filters.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>

      {contacts.data && (
        <Pager
          page={filters.page}
          pageSize={filters.page_size}
          total={contacts.data.total}
          onChange={(page) => set("page", page)}
          noun="contacts"
        />
      )}
    </Stack>
  );
}
