import { Badge, Button, Drawer, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { FilterBar, SearchFilter } from "@/components/filter-bar/filter-bar";
import { PageHeader } from "@/components/page-header/page-header";
import { formatDateTime } from "@/lib/format";
import { useListFilters } from "@/lib/use-list-filters";
import { MESSAGES_PAGE_SIZE, messagesQueryOptions } from "../api/messages";
import {
  CHANNEL_LABELS,
  type Message,
  type MessageChannel,
  type MessageStatus,
  STATUS_COLORS,
} from "../types";
import { MessageView } from "./message-view";

const STATUSES: MessageStatus[] = ["queued", "sent", "opened", "clicked", "failed"];

/** The table's columns; `open` shows one message in the drawer. */
function messageColumns(open: (id: number) => void): DataTableColumn<Message>[] {
  return [
    {
      header: "Queued",
      cell: (message) => (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {formatDateTime(message.created_at)}
        </Text>
      ),
    },
    {
      header: "Status",
      cell: (message) => (
        <Badge color={STATUS_COLORS[message.status]} variant="light" tt="none">
          {message.status}
        </Badge>
      ),
    },
    { header: "Channel", cell: (message) => CHANNEL_LABELS[message.channel] },
    {
      header: "To",
      minWidth: 180,
      cell: (message) => (
        <>
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {message.contact_name || message.recipient || "—"}
          </Text>
          {message.contact_name && message.recipient && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {message.recipient}
            </Text>
          )}
        </>
      ),
    },
    {
      header: "Subject or template",
      minWidth: 200,
      cell: (message) => (
        <>
          <Text size="sm" lineClamp={1}>
            {message.subject ?? message.template ?? "—"}
          </Text>
          {message.status === "failed" && message.error && (
            <Text size="xs" c="red" lineClamp={2}>
              {message.error}
            </Text>
          )}
        </>
      ),
    },
    { header: "Attempts", cell: (message) => message.attempts },
    {
      header: "Open",
      hideHeader: true,
      cell: (message) => (
        <Button
          size="xs"
          variant="subtle"
          onClick={() => open(message.outbox_id)}
          aria-label={`Open message to ${message.contact_name || message.recipient || "contact"} queued ${formatDateTime(message.created_at)}`}
        >
          Open
        </Button>
      ),
    },
  ];
}

export function MessagesPage() {
  useDocumentTitle("Messages · Waymark");
  const { filters, setFilter, page, setPage, clear, activeCount } = useListFilters({
    search: "",
    status: null as MessageStatus | null,
    channel: null as MessageChannel | null,
  });
  const { search, status, channel } = filters;
  const [q] = useDebouncedValue(search, 400);
  const [open, setOpen] = useState<number | null>(null);
  const messages = useQuery(messagesQueryOptions({ status, channel, q, page }));

  return (
    <Stack gap="lg">
      <PageHeader
        title="Messages"
        description="Every email, text, letter and webhook journeys sent or tried to send: status, attempts and why one failed."
      />
      <FilterBar
        search={
          <SearchFilter
            label="Search"
            description="Recipient, subject, template or contact name."
            value={search}
            onChange={(value) => setFilter("search", value)}
          />
        }
        activeCount={activeCount("search")}
        onClear={() => clear("search")}
      >
        <Select
          label="Status"
          placeholder="Any status"
          data={STATUSES}
          value={status}
          onChange={(value) => setFilter("status", value as MessageStatus | null)}
          clearable
          w={180}
        />
        <Select
          label="Channel"
          placeholder="Any channel"
          data={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
          value={channel}
          onChange={(value) => setFilter("channel", value as MessageChannel | null)}
          clearable
          w={180}
        />
      </FilterBar>
      <DataTable
        label="Messages"
        minWidth={900}
        columns={messageColumns(setOpen)}
        query={messages}
        rowKey="outbox_id"
        loadingText="Loading the messages…"
        emptyText="No messages match these filters."
        what="the messages"
        pagination={{
          page,
          pageSize: MESSAGES_PAGE_SIZE,
          onChange: setPage,
          noun: "messages",
        }}
      />
      <Drawer
        opened={open !== null}
        onClose={() => setOpen(null)}
        position="right"
        size="xl"
        title="Message"
      >
        {open !== null && <MessageView id={open} />}
      </Drawer>
    </Stack>
  );
}
