import {
  Badge,
  Button,
  Card,
  Drawer,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
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
import { MESSAGES_PAGE_SIZE, messagesQueryOptions } from "../api/messages";
import { CHANNEL_LABELS, type MessageChannel, type MessageStatus, STATUS_COLORS } from "../types";
import { MessageView } from "./message-view";

const STATUSES: MessageStatus[] = ["queued", "sent", "opened", "clicked", "failed"];

export function MessagesPage() {
  useDocumentTitle("Messages · Waymark");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 400);
  const [status, setStatus] = useState<MessageStatus | null>(null);
  const [channel, setChannel] = useState<MessageChannel | null>(null);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const messages = useQuery(messagesQueryOptions({ status, channel, q, page }));

  return (
    <Stack gap="lg">
      <PageHeader
        title="Messages"
        description="Every email, text, letter and webhook journeys sent or tried to send: status, attempts and why one failed."
      />
      <Card withBorder radius="md" padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            description="Recipient, subject, template or contact name."
            type="search"
            leftSection={<SearchIcon size={16} />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setPage(1);
            }}
            miw={260}
            style={{ flex: 1 }}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={STATUSES}
            value={status}
            onChange={(value) => {
              setStatus(value as MessageStatus | null);
              setPage(1);
            }}
            clearable
            w={180}
          />
          <Select
            label="Channel"
            placeholder="Any channel"
            data={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
            value={channel}
            onChange={(value) => {
              setChannel(value as MessageChannel | null);
              setPage(1);
            }}
            clearable
            w={180}
          />
        </Group>
      </Card>
      <LoadError what="the messages" error={messages.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Messages table" minWidth={960}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Messages">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queued</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th miw={220}>To</Table.Th>
                <Table.Th miw={220}>Subject or template</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Open</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={messages.isFetching}>
              {messages.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading the messages…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {messages.data?.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed" ta="center" py="lg">
                      No messages match these filters.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {messages.data?.items.map((message) => (
                <Table.Tr key={message.outbox_id}>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(message.created_at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[message.status]} variant="light" tt="none">
                      {message.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{CHANNEL_LABELS[message.channel]}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                      {message.contact_name || message.recipient || "—"}
                    </Text>
                    {message.contact_name && message.recipient && (
                      <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                        {message.recipient}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {message.subject ?? message.template ?? "—"}
                    </Text>
                    {message.status === "failed" && message.error && (
                      <Text size="xs" c="red" lineClamp={2}>
                        {message.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{message.attempts}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => setOpen(message.outbox_id)}
                      aria-label={`Open message to ${message.contact_name || message.recipient || "contact"} queued ${formatDateTime(message.created_at)}`}
                    >
                      Open
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      {messages.data && (
        <Pager
          page={page}
          pageSize={MESSAGES_PAGE_SIZE}
          total={messages.data.total}
          onChange={setPage}
          noun="messages"
        />
      )}
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
