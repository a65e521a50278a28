import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { BellIcon } from "@/components/icons/icons";
import { formatDateTime } from "@/lib/format";
import { notificationsQueryOptions, useMarkNotificationsRead } from "../api/notifications";
import type { Notification } from "../types";

/** The bell in the staff header: notifications journeys sent to me (notify-staff steps). */
export function NotificationsBell() {
  const [opened, setOpened] = useState(false);
  const titleId = useId();
  const notifications = useQuery(notificationsQueryOptions);
  const markRead = useMarkNotificationsRead();
  const unread = notifications.data?.unread ?? 0;
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;

  return (
    // The indicator wraps the popover, not its target: the target's aria-expanded must land
    // on the button (axe: aria-expanded is not allowed on the indicator's div).
    <Indicator
      label={unread > 99 ? "99+" : unread}
      size={16}
      disabled={unread === 0}
      color="red"
      offset={4}
    >
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        width={360}
        shadow="md"
        withArrow
        trapFocus
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={label}
            onClick={() => setOpened((open) => !open)}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown aria-labelledby={titleId}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600} size="sm" id={titleId}>
                Notifications
              </Text>
              <Button
                variant="subtle"
                size="compact-xs"
                disabled={unread === 0}
                loading={markRead.isPending}
                onClick={() => markRead.mutate("all")}
              >
                Mark all read
              </Button>
            </Group>
            {notifications.error && (
              <Text size="sm" c="red">
                Could not load your notifications: {notifications.error.message}
              </Text>
            )}
            {notifications.data?.items.length === 0 && (
              <Text size="sm" c="dimmed" py="sm">
                Nothing yet. Journeys with a “Notify staff” step for your queue show up here.
              </Text>
            )}
            <ScrollArea.Autosize mah={360}>
              <Stack gap={4} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                {notifications.data?.items.map((item) => (
                  <NotificationItem
                    key={item.id}
                    item={item}
                    onOpen={() => {
                      if (!item.read_at) markRead.mutate([item.id]);
                      setOpened(false);
                    }}
                  />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

function NotificationItem({ item, onOpen }: { item: Notification; onOpen: () => void }) {
  const unread = item.read_at === null;
  const content = (
    <Stack gap={2}>
      <Text size="sm" fw={unread ? 700 : 400}>
        {unread && <VisuallyHidden>Unread: </VisuallyHidden>}
        {item.title}
      </Text>
      {item.body && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {item.body}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {formatDateTime(item.created_at)}
      </Text>
    </Stack>
  );
  return (
    <li>
      {item.link ? (
        <Anchor component={Link} to={item.link} onClick={onOpen} underline="never" c="inherit">
          {content}
        </Anchor>
      ) : (
        <UnstyledButton onClick={onOpen} w="100%">
          {content}
        </UnstyledButton>
      )}
    </li>
  );
}
