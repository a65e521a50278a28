import { Anchor, Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { journeyPath, paths } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import type { Job } from "../types";
import { humanize } from "./labels";

/** The contact and the objects the job is about, with what is known about each at a glance. */
export function JobRelated({ job }: { job: Job }) {
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="job-related-title"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="job-related-title">
          About
        </Title>
        <Stack component="dl" gap={8} m={0}>
          <div>
            <Text component="dt" size="xs" c="dimmed">
              Contact
            </Text>
            <Text component="dd" size="sm" m={0}>
              {job.contact ? (
                <Anchor
                  component={Link}
                  to={`${paths.contacts}?contact=${encodeURIComponent(job.contact.id)}`}
                >
                  {job.contact.name}
                </Anchor>
              ) : (
                "None"
              )}
            </Text>
          </div>
          {job.related.map((ref) => (
            <div key={`${ref.type}:${ref.id}`}>
              <Text component="dt" size="xs" c="dimmed">
                {humanize(ref.type)}
              </Text>
              <Text component="dd" size="sm" m={0} ff="monospace">
                {ref.id}
              </Text>
            </div>
          ))}
          {job.journey && (
            <div>
              <Text component="dt" size="xs" c="dimmed">
                Journey
              </Text>
              <Text component="dd" size="sm" m={0}>
                <Anchor component={Link} to={journeyPath(job.journey.journey_id)}>
                  {job.journey.journey_name}
                </Anchor>
              </Text>
            </div>
          )}
          <div>
            <Text component="dt" size="xs" c="dimmed">
              Type · queue
            </Text>
            <Text component="dd" size="sm" m={0}>
              {job.type.label} · {humanize(job.queue)}
            </Text>
          </div>
          <div>
            <Text component="dt" size="xs" c="dimmed">
              Created · claimed
            </Text>
            <Text component="dd" size="sm" m={0}>
              {formatDateTime(job.created_at)} · {formatDateTime(job.claimed_at, "not yet")}
            </Text>
          </div>
          {job.completed_at && (
            <div>
              <Text component="dt" size="xs" c="dimmed">
                Completed
              </Text>
              <Group component="dd" gap={6} m={0}>
                <Text size="sm">{formatDateTime(job.completed_at)}</Text>
                {job.outcome && (
                  <Badge color="green" variant="light" radius="sm" tt="none">
                    {humanize(job.outcome)}
                  </Badge>
                )}
              </Group>
            </div>
          )}
          {job.cancel_reason && (
            <div>
              <Text component="dt" size="xs" c="dimmed">
                Cancelled because
              </Text>
              <Text component="dd" size="sm" m={0}>
                {job.cancel_reason}
              </Text>
            </div>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
