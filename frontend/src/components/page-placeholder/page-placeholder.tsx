import { Badge, Card, Group, List, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import type { ReactNode } from "react";

interface PagePlaceholderProps {
  title: string;
  /** One sentence: what this area is for. */
  summary: string;
  /** What will be built here. */
  upcoming: string[];
  icon?: ReactNode;
  /** Shown between the heading and the "Coming here" card. */
  children?: ReactNode;
}

/** A page's heading plus a card describing what the page will hold once it is built. */
export function PagePlaceholder({
  title,
  summary,
  upcoming,
  icon,
  children,
}: PagePlaceholderProps) {
  return (
    <Stack gap="lg" maw={760}>
      <Group gap="md" wrap="nowrap" align="center">
        {icon && (
          <ThemeIcon size={44} radius="md" variant="light">
            {icon}
          </ThemeIcon>
        )}
        <Stack gap={2}>
          <Title order={1} size="h2">
            {title}
          </Title>
          <Text c="dimmed">{summary}</Text>
        </Stack>
      </Group>
      {children}
      <Card withBorder padding="lg" radius="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Coming here
            </Title>
            <Badge variant="light" color="gray" radius="sm">
              Planned
            </Badge>
          </Group>
          <List spacing="xs" size="sm">
            {upcoming.map((item) => (
              <List.Item key={item}>{item}</List.Item>
            ))}
          </List>
        </Stack>
      </Card>
    </Stack>
  );
}
