import { Alert, Anchor, Badge, Code, Group, Stack, Table, Tabs, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { LoadError } from "@/components/load-error/load-error";
import { withStyleNonce } from "@/lib/csp-nonce";
import { formatDateTime } from "@/lib/format";
import { letterUrl, messageQueryOptions } from "../api/messages";
import { CHANNEL_LABELS, type MessageDetail, STATUS_COLORS } from "../types";

/** One message as it was sent: its facts, the rendered HTML (sandboxed), text and source. */
export function MessageView({ id }: { id: number }) {
  const message = useQuery(messageQueryOptions(id));
  if (message.error) return <LoadError what="the message" error={message.error} />;
  if (!message.data) return <Text c="dimmed">Loading the message…</Text>;
  return <MessageBody message={message.data} />;
}

function MessageBody({ message }: { message: MessageDetail }) {
  const facts: [string, string][] = [
    ["To", message.recipient ?? "—"],
    ["Contact", message.contact_name || "—"],
    ["Template", message.template ?? "written in the step"],
    ["Step", message.node_id ?? "—"],
    ["Queued", formatDateTime(message.created_at)],
    ["Sent", formatDateTime(message.sent_at)],
    ["Attempts", String(message.attempts)],
    ["Opened", message.opens ? `${formatDateTime(message.opened_at)} (${message.opens}×)` : "—"],
    [
      "Clicked",
      message.clicks ? `${formatDateTime(message.clicked_at)} (${message.clicks}×)` : "—",
    ],
    ["Sent through", message.provider ?? "—"],
  ];
  if (message.message_id) facts.push(["Message-ID", message.message_id]);
  if (message.next_attempt_at) facts.push(["Next try", formatDateTime(message.next_attempt_at)]);
  const tabs = [
    message.body_html ? "html" : null,
    message.body_text ? "text" : null,
    message.raw ? "raw" : null,
    message.response ? "response" : null,
  ].filter((tab): tab is string => tab !== null);
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge color={STATUS_COLORS[message.status]} variant="light" tt="none">
          {message.status}
        </Badge>
        <Badge color="gray" variant="outline" tt="none">
          {CHANNEL_LABELS[message.channel]}
        </Badge>
        {message.letter_id !== null && (
          <Anchor href={letterUrl(message.letter_id)} target="_blank" rel="noopener" size="sm">
            Download the letter (PDF)
          </Anchor>
        )}
      </Group>
      {message.subject && (
        <Text fw={600} style={{ overflowWrap: "anywhere" }}>
          {message.subject}
        </Text>
      )}
      {message.error && (
        <Alert
          color={message.status === "failed" ? "red" : "yellow"}
          title={message.status === "failed" ? "Not sent" : "Last try failed"}
        >
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {message.error}
          </Text>
        </Alert>
      )}
      <Table withRowBorders={false} verticalSpacing={2} aria-label="Message facts">
        <Table.Tbody>
          {facts.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" w={130} fw={500} c="dimmed">
                {label}
              </Table.Th>
              <Table.Td style={{ overflowWrap: "anywhere" }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {tabs.length > 0 && (
        <Tabs defaultValue={tabs[0]} keepMounted={false}>
          <Tabs.List>
            {message.body_html && <Tabs.Tab value="html">Rendered</Tabs.Tab>}
            {message.body_text && <Tabs.Tab value="text">Text</Tabs.Tab>}
            {message.raw && <Tabs.Tab value="raw">Source</Tabs.Tab>}
            {message.response && <Tabs.Tab value="response">Answer</Tabs.Tab>}
          </Tabs.List>
          {message.body_html && (
            <Tabs.Panel value="html" pt="sm">
              {/* No scripts, forms or same-origin access: the mail's HTML is untrusted. */}
              <iframe
                title="Rendered message"
                sandbox=""
                srcDoc={withStyleNonce(message.body_html)}
                style={{
                  width: "100%",
                  minHeight: 420,
                  border: "1px solid var(--mantine-color-gray-3)",
                  borderRadius: 6,
                  background: "white",
                }}
              />
            </Tabs.Panel>
          )}
          {message.body_text && (
            <Tabs.Panel value="text" pt="sm">
              <Code block style={{ whiteSpace: "pre-wrap" }}>
                {message.body_text}
              </Code>
            </Tabs.Panel>
          )}
          {message.raw && (
            <Tabs.Panel value="raw" pt="sm">
              <Code block style={{ whiteSpace: "pre-wrap", maxHeight: 480, overflow: "auto" }}>
                {message.raw}
              </Code>
            </Tabs.Panel>
          )}
          {message.response && (
            <Tabs.Panel value="response" pt="sm">
              <Code block style={{ whiteSpace: "pre-wrap" }}>
                {JSON.stringify(message.response, null, 2)}
              </Code>
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </Stack>
  );
}
