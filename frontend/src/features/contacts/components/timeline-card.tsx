import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { jobPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import { useTimeline } from "../api/contacts";
import { describe, jobOf } from "../model/timeline";

const BADGE_COLORS: Record<string, string> = {
  Event: "blue",
  Journey: "grape",
  Message: "teal",
  Job: "orange",
};

/** Events, journey steps, messages and jobs, newest first, a page at a time. */
export function TimelineCard({ contactId }: { contactId: string }) {
  const timeline = useTimeline(contactId);
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="timeline-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="timeline-title">
            Timeline
          </Title>
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => timeline.refetch()}
            loading={timeline.isRefetching}
          >
            Refresh
          </Button>
        </Group>
        <LoadError what="the timeline" error={timeline.error} />
        {items.length === 0 && !timeline.isLoading && (
          <Text size="sm" c="dimmed">
            Nothing has happened yet.
          </Text>
        )}
        <Stack
          gap={8}
          component="ol"
          aria-label="Timeline"
          style={{ listStyle: "none", padding: 0, margin: 0 }}
        >
          {items.map((item) => {
            const line = describe(item);
            return (
              <li key={`${item.kind}-${item.id}`}>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Badge
                    variant="dot"
                    color={BADGE_COLORS[line.badge] ?? "gray"}
                    tt="none"
                    w={80}
                    style={{ flexShrink: 0 }}
                  >
                    {line.badge}
                  </Badge>
                  <Stack gap={0}>
                    <Text size="sm" fw={600}>
                      {jobOf(item) ? (
                        <Anchor component={Link} to={jobPath(jobOf(item) ?? "")} inherit>
                          {line.headline}
                        </Anchor>
                      ) : (
                        line.headline
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(item.at)}
                      {line.detail ? ` · ${line.detail}` : ""}
                    </Text>
                  </Stack>
                </Group>
              </li>
            );
          })}
        </Stack>
        {timeline.hasNextPage && (
          <Button
            variant="default"
            onClick={() => timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
          >
            Show older
          </Button>
        )}
      </Stack>
    </Card>
  );
}
