import { Badge, Button, Card, Group, Skeleton, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { formatDateTime } from "@/lib/format";
import { notifyError } from "@/lib/notify";
import { messagesQueryOptions, useMarkRead } from "../api/portal-api";
import { MessageLink } from "./message-link";

export function MessagesPage() {
  useDocumentTitle("Messages · Customer portal");
  const { data, error, isPending } = useQuery(messagesQueryOptions);
  const markRead = useMarkRead();

  return (
    <Stack gap="lg">
      <PageHeader title="Messages" description="Notes and news we left for you." />
      <LoadError what="your messages" error={error} />
      {isPending && <Skeleton height={100} />}
      {data?.length === 0 && <Text c="dimmed">No messages yet.</Text>}
      <Stack gap="sm" component="ul" p={0} style={{ listStyle: "none" }}>
        {data?.map((message) => (
          <Card component="li" key={message.id} withBorder radius="md" padding="lg">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={4}>
                <Group gap="xs">
                  <Text fw={600}>{message.title}</Text>
                  {!message.read_at && (
                    <Badge size="sm" color="blue" variant="light">
                      New
                    </Badge>
                  )}
                </Group>
                <Text size="sm">{message.body}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(message.created_at)}
                </Text>
                {message.link && <MessageLink link={message.link} />}
              </Stack>
              {!message.read_at && (
                <Button
                  size="xs"
                  variant="default"
                  loading={markRead.isPending && markRead.variables === message.id}
                  onClick={() => markRead.mutate(message.id, { onError: (e) => notifyError(e) })}
                  aria-label={`Mark “${message.title}” as read`}
                >
                  Mark as read
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
    </Stack>
  );
}
