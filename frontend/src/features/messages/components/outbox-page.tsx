import {
  Badge,
  Card,
  Grid,
  NavLink,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { channelOf, TEMPLATE_CHANNELS } from "@/lib/channels";
import { formatDateTime } from "@/lib/format";
import { messagesQueryOptions } from "../api/messages";
import { type MessageChannel, STATUS_COLORS } from "../types";
import { MessageView } from "./message-view";

/**
 * The development outbox: emails and texts as their recipients would get them. With the
 * `outbox` providers (the `make run` default) nothing leaves the machine; this is where
 * the messages are read.
 */
// The outbox shows what was written to people: the template channels (lib/channels).
const OUTBOX_TABS = TEMPLATE_CHANNELS.map((value) => ({ value, label: channelOf(value).plural }));

export function OutboxPage() {
  useDocumentTitle("Outbox · Waymark");
  const [channel, setChannel] = useState<MessageChannel>("email");
  const [selected, setSelected] = useState<number | null>(null);
  const messages = useQuery(messagesQueryOptions({ status: null, channel, q: "", page: 1 }));
  const items = messages.data?.items ?? [];
  const current = selected ?? items[0]?.outbox_id ?? null;

  return (
    <Stack gap="lg">
      <PageHeader
        title="Outbox"
        description="The latest emails and texts, rendered as they were sent. In development they are kept here instead of being delivered."
      />
      <SegmentedControl
        aria-label="Channel"
        data={OUTBOX_TABS}
        value={channel}
        onChange={(value) => {
          setChannel(value as MessageChannel);
          setSelected(null);
        }}
        w="fit-content"
      />
      <LoadError what="the outbox" error={messages.error} />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder radius="md" padding={0}>
            <ScrollArea.Autosize mah="70vh">
              <nav aria-label="Messages in the outbox">
                {messages.isPending && (
                  <Text c="dimmed" p="md">
                    Loading…
                  </Text>
                )}
                {messages.data && items.length === 0 && (
                  <Text c="dimmed" p="md">
                    Nothing sent yet.
                  </Text>
                )}
                {items.map((message) => (
                  <NavLink
                    key={message.outbox_id}
                    component="button"
                    active={message.outbox_id === current}
                    // Subtle, not light: a status badge's own tint over the selected row's
                    // tint left its text under 4.5:1 (axe).
                    variant="subtle"
                    onClick={() => setSelected(message.outbox_id)}
                    label={message.subject ?? message.template ?? "(no subject)"}
                    description={`${message.recipient ?? message.contact_name ?? "—"} · ${formatDateTime(message.created_at)}`}
                    // The selected item's description is a faded blue that misses 4.5:1 on
                    // its tint (axe): keep it the dimmed gray.
                    styles={{ description: { color: "var(--mantine-color-dimmed)" } }}
                    rightSection={
                      <Badge
                        size="xs"
                        color={STATUS_COLORS[message.status]}
                        variant="light"
                        tt="none"
                      >
                        {message.status}
                      </Badge>
                    }
                  />
                ))}
              </nav>
            </ScrollArea.Autosize>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card
            withBorder
            radius="md"
            padding="md"
            component="section"
            aria-label="Selected message"
          >
            {current !== null ? (
              <MessageView id={current} />
            ) : (
              <Text c="dimmed">Pick a message.</Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
