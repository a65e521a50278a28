import { Button, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

interface ForbiddenProps {
  /** The role the user is acting in, to explain why. */
  roleLabel?: string;
  homeHref: string;
  homeLabel?: string;
}

/** The 403 page: shown instead of a page the active role may not see. */
export function Forbidden({
  roleLabel,
  homeHref,
  homeLabel = "Go to your home page",
}: ForbiddenProps) {
  return (
    <Stack gap="md" align="flex-start" maw={560}>
      <Text c="dimmed" fw={600} size="sm">
        403
      </Text>
      <Title order={1} size="h2">
        You don't have access to this page
      </Title>
      <Text c="dimmed">
        {roleLabel ? `Your current role (${roleLabel}) does not include this area.` : null} If you
        have another role, switch to it from your user menu, or ask a super-user for access.
      </Text>
      <Button component={Link} to={homeHref}>
        {homeLabel}
      </Button>
    </Stack>
  );
}
