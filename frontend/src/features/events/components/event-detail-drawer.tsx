import { Badge, Code, Drawer, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { formatDateTime } from "@/lib/format";
import { eventQueryOptions } from "../api/events";
import { StatusBadge } from "./status-badge";

interface EventDetailDrawerProps {
  eventId: number | null;
  onClose: () => void;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </Stack>
  );
}

/** One event: who, when, from where, whether the worker has handled it, its properties. */
export function EventDetailDrawer({ eventId, onClose }: EventDetailDrawerProps) {
  const event = useQuery({
    ...eventQueryOptions(eventId ?? 0),
    enabled: eventId !== null,
  });
  const data = event.data;
  return (
    <Drawer
      opened={eventId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={eventId !== null ? `Event ${eventId}` : "Event"}
      closeButtonProps={{ "aria-label": "Close the event" }}
    >
      <Stack gap="md">
        <LoadError what="the event" error={event.error} />
        {event.isPending && eventId !== null && <Text c="dimmed">Loading the event…</Text>}
        {data && (
          <>
            <Group gap="sm">
              <Code fz="md">{data.name}</Code>
              <StatusBadge status={data.status} />
              <Badge variant="light" color="gray" tt="none">
                {data.source}
              </Badge>
            </Group>
            <SimpleGrid cols={2} spacing="md">
              <Field label="Contact">
                {data.contact.name || data.contact.email || data.contact.external_id || "—"}
                {data.contact.email && data.contact.name && (
                  <Text size="xs" c="dimmed">
                    {data.contact.email}
                  </Text>
                )}
                {data.contact.external_id && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {data.contact.external_id}
                  </Text>
                )}
              </Field>
              <Field label="Occurred">{formatDateTime(data.occurred_at)}</Field>
              <Field label="Received">{formatDateTime(data.received_at)}</Field>
              <Field label="Handled by the worker">
                {data.processed_at ? formatDateTime(data.processed_at) : "Not yet"}
              </Field>
              <Field label="Idempotency key">
                {data.idempotency_key ? <Code>{data.idempotency_key}</Code> : "—"}
              </Field>
              <Field label="Contact id">
                <Code fz="xs">{data.contact.id}</Code>
              </Field>
            </SimpleGrid>
            <Stack gap={4}>
              <Title order={2} size="h5">
                Properties
              </Title>
              <Code block aria-label="Properties (JSON)" fz="sm">
                {JSON.stringify(data.properties, null, 2)}
              </Code>
            </Stack>
          </>
        )}
      </Stack>
    </Drawer>
  );
}
