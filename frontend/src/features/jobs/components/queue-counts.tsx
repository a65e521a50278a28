import { Badge, Group, Paper, Text, UnstyledButton } from "@mantine/core";
import { Link } from "react-router";
import { dashboardPath } from "@/config/paths";
import type { Queue } from "../types";

interface QueueCountsProps {
  queues: readonly Queue[];
  /** The queue this page shows (highlighted), or null for "all". */
  current: string | null;
}

/** One card per queue the user works: open, unassigned, theirs, overrunning. */
export function QueueCounts({ queues, current }: QueueCountsProps) {
  if (queues.length === 0) return null;
  return (
    <nav aria-label="Queues">
      <Group gap="sm" wrap="wrap">
        {queues.map((queue) => {
          const active = queue.name === current;
          return (
            <UnstyledButton
              key={queue.name}
              component={Link}
              to={queue.dashboard || dashboardPath(queue.role)}
              aria-current={active ? "page" : undefined}
              aria-label={`${queue.label}: ${queue.open} open, ${queue.unassigned} unassigned, ${queue.mine} yours, ${queue.overrunning} overrunning`}
            >
              <Paper
                withBorder
                radius="md"
                px="md"
                py="xs"
                style={
                  active
                    ? { borderColor: "var(--mantine-primary-color-filled)", borderWidth: 2 }
                    : undefined
                }
              >
                <Text size="sm" fw={700}>
                  {queue.label}
                </Text>
                <Group gap={6} mt={4} wrap="wrap">
                  <Badge variant="light" radius="sm" tt="none" data-count="open">
                    {queue.open} open
                  </Badge>
                  <Badge variant="light" color="gray" radius="sm" tt="none" data-count="unassigned">
                    {queue.unassigned} unassigned
                  </Badge>
                  <Badge variant="light" color="violet" radius="sm" tt="none" data-count="mine">
                    {queue.mine} mine
                  </Badge>
                  {queue.overrunning > 0 && (
                    <Badge variant="filled" color="red" radius="sm" tt="none">
                      {queue.overrunning} overrunning
                    </Badge>
                  )}
                </Group>
              </Paper>
            </UnstyledButton>
          );
        })}
      </Group>
    </nav>
  );
}
