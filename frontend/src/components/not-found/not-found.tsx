import { Button, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

interface NotFoundProps {
  homeHref: string;
  homeLabel: string;
}

export function NotFound({ homeHref, homeLabel }: NotFoundProps) {
  return (
    <Stack gap="md" align="flex-start" maw={560}>
      <Text c="dimmed" fw={600} size="sm">
        404
      </Text>
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text c="dimmed">
        There is nothing at this address. The link may be out of date, or the page may have moved.
      </Text>
      <Button component={Link} to={homeHref}>
        {homeLabel}
      </Button>
    </Stack>
  );
}
