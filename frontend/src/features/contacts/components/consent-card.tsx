import { Anchor, Badge, Button, Card, Collapse, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { CHANNEL_LABELS } from "@/lib/channels";
import { formatDateTime } from "@/lib/format";
import { notifyError } from "@/lib/notify";
import { consentHistoryQueryOptions, useSetConsent } from "../api/contacts";
import type { Channel, Contact } from "../types";

const LABELS: Record<Channel, string> = CHANNEL_LABELS;

/** Consent per channel, what senders may do now, and the history behind it. */
export function ConsentCard({ contact, canEdit }: { contact: Contact; canEdit: boolean }) {
  const [showHistory, setShowHistory] = useState(false);
  const setConsent = useSetConsent(contact.id);
  const history = useQuery({
    ...consentHistoryQueryOptions(contact.id),
    enabled: showHistory,
  });
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="consent-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="consent-title">
          Consent
        </Title>
        <DataTable
          label="Consent per channel"
          minWidth={480}
          framed={false}
          scroll={false}
          verticalSpacing={6}
          query={contact.consent}
          rowKey="channel"
          emptyText="No channels."
          columns={[
            { header: "Channel", cell: (state) => LABELS[state.channel] },
            {
              header: "Recorded",
              cell: (state) =>
                state.status === "opted_in"
                  ? "Opted in"
                  : state.status === "opted_out"
                    ? "Opted out"
                    : "Nothing recorded",
            },
            {
              header: "May contact",
              cell: (state) => (
                <Badge color={state.allowed ? "green" : "red"} variant="dot" tt="none">
                  {state.allowed ? "Yes" : "No"}
                </Badge>
              ),
            },
            ...(canEdit
              ? [
                  {
                    header: "Change",
                    card: "actions" as const,
                    cell: (state: Contact["consent"][number]) => (
                      <Button
                        size="compact-sm"
                        variant="default"
                        loading={
                          setConsent.isPending && setConsent.variables?.channel === state.channel
                        }
                        onClick={() =>
                          setConsent.mutate(
                            {
                              channel: state.channel,
                              status: state.status === "opted_in" ? "opted_out" : "opted_in",
                            },
                            { onError: (error) => notifyError(error, "Could not record consent") },
                          )
                        }
                      >
                        {state.status === "opted_in"
                          ? `Opt out of ${LABELS[state.channel]}`
                          : `Opt in to ${LABELS[state.channel]}`}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <Anchor
          component="button"
          type="button"
          size="sm"
          aria-expanded={showHistory}
          onClick={() => setShowHistory(!showHistory)}
        >
          {showHistory ? "Hide consent history" : "Show consent history"}
        </Anchor>
        <Collapse in={showHistory}>
          <Stack gap={4}>
            {history.data?.length === 0 && (
              <Text size="sm" c="dimmed">
                No consent recorded yet.
              </Text>
            )}
            {history.data?.map((record) => (
              <Group key={record.id} gap="xs">
                <Text size="sm">{formatDateTime(record.changed_at)}</Text>
                <Text size="sm" fw={600}>
                  {LABELS[record.channel]} {record.status === "opted_in" ? "opted in" : "opted out"}
                </Text>
                <Text size="sm" c="dimmed">
                  via {record.source}
                </Text>
              </Group>
            ))}
          </Stack>
        </Collapse>
      </Stack>
    </Card>
  );
}
