import {
  Badge,
  Button,
  Code,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/filter-bar/filter-bar";
import { PlusIcon, SearchIcon } from "@/components/icons/icons";
import { PageHeader } from "@/components/page-header/page-header";
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

      <FilterBar
        search={
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
              w={{ base: "100%", xs: 220 }}
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
              miw={{ base: "100%", xs: 220 }}
              style={{ flex: 1 }}
            />
          </Group>
        }
        activeCount={[source, since, until].filter(Boolean).length}
        onClear={() =>
          filtered(() => {
            setSource(null);
            setSince("");
            setUntil("");
          })
        }
      >
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
      </FilterBar>

      <DataTable
        label="Events"
        minWidth={860}
        highlightOnHover
        columns={[
          {
            header: "Event",
            cell: (event) => (
              <>
                <UnstyledButton
                  onClick={() => showEvent(event.id)}
                  aria-label={`Event ${event.id}: ${event.name}`}
                  // A touch target on a phone: the event's card opens from its name.
                  mih={{ base: 44, sm: 0 }}
                >
                  <Code fz="sm" c="blue.8">
                    {event.name}
                  </Code>
                </UnstyledButton>
                <Text size="xs" c="dimmed" fw={400}>
                  #{event.id}
                </Text>
              </>
            ),
          },
          {
            header: "Contact",
            cell: (event) => (
              <>
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {event.contact.name || event.contact.email || event.contact.external_id}
                </Text>
                {event.contact.name && event.contact.email && (
                  <Text size="xs" c="dimmed">
                    {event.contact.email}
                  </Text>
                )}
              </>
            ),
          },
          {
            header: "Source",
            cell: (event) => (
              <Badge variant="light" color="gray" tt="none">
                {SOURCE_LABEL[event.source] ?? event.source}
              </Badge>
            ),
          },
          {
            header: "Occurred",
            cell: (event) => (
              <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                {formatDateTime(event.occurred_at)}
              </Text>
            ),
          },
          { header: "Status", cell: (event) => <StatusBadge status={event.status} /> },
        ]}
        query={{ ...events, data: events.data?.items }}
        rowKey="id"
        loadingText="Loading events…"
        emptyText="No events match these filters."
        what="events"
      />

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
