import { Card, Stack, Text, Timeline, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/lib/format";
import { describeChange } from "@/lib/job-changes";
import { historyQueryOptions } from "../api/jobs";
import type { JobEvent } from "../types";

const ACTION_LABEL: Record<string, string> = {
  "job.created": "Created",
  "job.claimed": "Claimed",
  "job.unclaimed": "Released",
  "job.assigned": "Assigned",
  "job.updated": "Updated",
  "job.note_added": "Note added",
  "job.file_added": "File attached",
  "job.completed": "Completed",
  "job.cancelled": "Cancelled",
};

/** `{status: {from, to}}` → ["status: new → in_progress"]. */
export function describeChanges(changes: JobEvent["changes"]): string[] {
  return Object.entries(changes ?? {}).map(([field, change]) => describeChange(field, change));
}

export function actionLabel(action: string): string {
  return ACTION_LABEL[action] ?? action;
}

/** Every change to the job, oldest first, from the audit log. */
export function JobHistory({ jobId }: { jobId: string }) {
  const history = useQuery(historyQueryOptions(jobId));
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="job-history-title"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="job-history-title">
          History
        </Title>
        {history.error && (
          <Text c="red.8" size="sm">
            Could not load the history: {history.error.message}
          </Text>
        )}
        <Timeline bulletSize={12} lineWidth={2}>
          {history.data?.map((event) => (
            <Timeline.Item key={event.id} title={actionLabel(event.action)}>
              <Text size="xs" c="dimmed">
                {event.actor?.name ?? "System"} · {formatDateTime(event.at)}
              </Text>
              {describeChanges(event.changes).map((line) => (
                <Text size="xs" key={line}>
                  {line}
                </Text>
              ))}
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Card>
  );
}
