import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { enrollmentPath, journeyVersionPath } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { formatDateTime } from "@/lib/format";
import { enrollmentsQueryOptions } from "../api/contacts";
import { describeWait } from "../model/journeys";
import { EnrolModal } from "./enrol-modal";

/**
 * The journeys this contact is in now: where, since when and what next, each opening the
 * contact's path on the canvas; and enrolment by hand for people who operate journeys.
 */
export function JourneysCard({
  contactId,
  contactName,
}: {
  contactId: string;
  contactName: string;
}) {
  const enrollments = useQuery(enrollmentsQueryOptions(contactId));
  const items = enrollments.data?.items ?? [];
  const canEnrol = useCan(["journeys:publish"]);
  const [enrolling, setEnrolling] = useState(false);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="journeys-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="journeys-title">
            Journeys
          </Title>
          {canEnrol && (
            <Button size="compact-sm" variant="light" onClick={() => setEnrolling(true)}>
              Enrol in a journey…
            </Button>
          )}
        </Group>
        <EnrolModal
          contactId={contactId}
          contactName={contactName}
          opened={enrolling}
          onClose={() => setEnrolling(false)}
        />
        <LoadError what="the contact's journeys" error={enrollments.error} />
        {enrollments.data && items.length === 0 && (
          <Text size="sm" c="dimmed">
            Not in any journey now.
          </Text>
        )}
        {items.map((item) => (
          <Stack key={item.id} gap={4}>
            <Group gap="xs">
              <Anchor
                component={Link}
                to={journeyVersionPath(item.journey_id, item.version)}
                size="sm"
                fw={600}
              >
                {item.journey_name}
              </Anchor>
              <Badge variant="light" color="gray" tt="none">
                v{item.version}
              </Badge>
              {item.status === "paused" && (
                <Badge variant="light" color="yellow" tt="none">
                  Paused
                </Badge>
              )}
            </Group>
            <Anchor component={Link} to={enrollmentPath(item.id)} size="xs">
              See the path and each step's data
            </Anchor>
            {item.at.map((position) => (
              <Text key={position.token_id} size="sm">
                At <strong>{position.step.label}</strong> since{" "}
                {formatDateTime(position.since ?? item.entered_at)}.{" "}
                {describeWait(position.waiting_for)}.
              </Text>
            ))}
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
