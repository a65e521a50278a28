import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { PlusIcon, SearchIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { useCan } from "@/lib/authorization";
import { formatDateTime } from "@/lib/format";
import { EVENT_SOURCES, EVENTS_PAGE_SIZE, eventsQueryOptions } from "../api/events";
import { EventDetailDrawer } from "./event-detail-drawer";
import { SendTestEventModal } from "./send-test-event-modal";
import { StatusBadge } from "./status-badge";

/** `datetime-local` gives local wall time without a zone; the API wants an instant. */
function toInstant(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const SOURCE_LABEL: Record<string, string> = Object.fromEntries(
  EVENT_SOURCES.map((source) => [source.value, source.label]),
);

export function EventsPage() {
  useDocumentTitle("Events · Waymark");
  const canSend = useCan(["events:write"]);
  const [params, setParams] = useSearchParams();
  const [nameInput, setNameInput] = useState("");
  const [contactInput, setContactInput] = useState("");
  const [name] = useDebouncedValue(nameInput, 300);
  const [contact] = useDebouncedValue(contactInput, 300);
  const [source, setSource] = useState<string | null>(null);
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  // Keyset paging: the cursors of the pages before this one, newest first.
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  const before = cursors.at(-1) ?? null;
  const [sending, setSending] = useState(false);

  const selected = params.get("event");
  const selectedId = selected && /^\d+$/.test(selected) ? Number(selected) : null;
  const showEvent = (id: number | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === null) next.delete("event");
        else next.set("event", String(id));
        return next;
      },
      { replace: true },
    );

  const filtered = (change: () => void) => {
    change();
    setCursors([null]);
  };

  const events = useQuery(
    eventsQueryOptions({
      name,
      contact,
      source,
      since: toInstant(since),
      until: toInstant(until),
      before,
    }),
  );
  const items = events.data?.items ?? [];
  const page = cursors.length;

  return (
    <Stack gap="lg">
      <PageHeader
        title="Events"
        description="Everything that happened to a contact, newest first: from your systems, your website, the portal, jobs and messages."
        actions={
          canSend && (
            <Button leftSection={<PlusIcon size={16} />} onClick={() => setSending(true)}>
              Send test event
            </Button>
          )
        }
      />

      <Card withBorder radius="md" padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Name"
            description="Starts with, e.g. order."
            placeholder="order.placed"
            type="search"
            leftSection={<SearchIcon size={16} />}
            value={nameInput}
            onChange={(event) => {
              const value = event.currentTarget.value;
              filtered(() => setNameInput(value));
            }}
            w={220}
          />
          <TextInput
            label="Contact"
            description="Email, name or external id."
            placeholder="ada@example.com"
            type="search"
            leftSection={<SearchIcon size={16} />}
            value={contactInput}
            onChange={(event) => {
              const value = event.currentTarget.value;
              filtered(() => setContactInput(value));
            }}
            miw={220}
            style={{ flex: 1 }}
          />
          <Select
            label="Source"
            description="Where it came from."
            placeholder="Any source"
            data={EVENT_SOURCES.map(({ value, label }) => ({ value, label }))}
            value={source}
            onChange={(value) => filtered(() => setSource(value))}
            clearable
            w={200}
          />
          <TextInput
            label="From"
            description="Occurred at or after."
            type="datetime-local"
            value={since}
            onChange={(event) => {
              const value = event.currentTarget.value;
              filtered(() => setSince(value));
            }}
            w={210}
          />
          <TextInput
            label="To"
            description="Occurred before."
            type="datetime-local"
            value={until}
            onChange={(event) => {
              const value = event.currentTarget.value;
              filtered(() => setUntil(value));
            }}
            w={210}
          />
        </Group>
      </Card>

      <LoadError what="events" error={events.error} />

      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Events table" minWidth={860}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Events" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Occurred</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={events.isFetching}>
              {events.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading events…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {events.data && items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="lg">
                      No events match these filters.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>
                    <UnstyledButton
                      onClick={() => showEvent(event.id)}
                      aria-label={`Event ${event.id}: ${event.name}`}
                    >
                      <Code fz="sm" c="blue.8">
                        {event.name}
                      </Code>
                    </UnstyledButton>
                    <Text size="xs" c="dimmed">
                      #{event.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                      {event.contact.name || event.contact.email || event.contact.external_id}
                    </Text>
                    {event.contact.name && event.contact.email && (
                      <Text size="xs" c="dimmed">
                        {event.contact.email}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray" tt="none">
                      {SOURCE_LABEL[event.source] ?? event.source}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(event.occurred_at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={event.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>

      <nav aria-label="Pages of events">
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed">
            {items.length === 0
              ? "No events"
              : `Page ${page} · ${items.length} event${items.length === 1 ? "" : "s"} (up to ${EVENTS_PAGE_SIZE} a page)`}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              size="xs"
              disabled={page === 1}
              onClick={() => setCursors((stack) => stack.slice(0, -1))}
            >
              Newer
            </Button>
            <Button
              variant="default"
              size="xs"
              disabled={!events.data?.next_before}
              onClick={() => {
                const next = events.data?.next_before;
                if (next) setCursors((stack) => [...stack, next]);
              }}
            >
              Older
            </Button>
          </Group>
        </Group>
      </nav>

      <EventDetailDrawer eventId={selectedId} onClose={() => showEvent(null)} />
      {canSend && (
        <SendTestEventModal
          opened={sending}
          onClose={() => setSending(false)}
          onShowEvent={(id) => {
            setSending(false);
            showEvent(id);
          }}
        />
      )}
    </Stack>
  );
}
