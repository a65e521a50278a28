import { Badge, Card, Group, List, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { Navigate, useParams } from "react-router";
import { Forbidden } from "@/components/forbidden/forbidden";
import { DashboardIcon } from "@/components/icons/icons";
import { dashboardPath } from "@/config/paths";
import { activeRole, useCurrentUser } from "@/lib/auth";
import { hasAnyPermission } from "@/lib/permissions";

/** `/dashboards`: the active role's own dashboard. */
export function DashboardsIndex() {
  const me = useCurrentUser();
  return <Navigate to={dashboardPath(me.active_role)} replace />;
}

function humanise(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `/dashboards/:role`: the role's job queue (the jobs themselves come with the jobs issue). */
export function RoleDashboardPage() {
  const { role: roleName = "" } = useParams();
  const me = useCurrentUser();
  const role = me.roles.find((candidate) => candidate.name === roleName);
  const label = role?.label ?? humanise(roleName);
  useDocumentTitle(`${label} dashboard · Waymark`);

  // One's own roles' queues, or any queue for a supervisor.
  if (!role && !hasAnyPermission(me.permissions, ["jobs:supervise"])) {
    return <Forbidden roleLabel={activeRole(me)?.label ?? me.active_role} homeHref="/" />;
  }

  const queue = role ? role.queue : roleName;

  return (
    <Stack gap="lg" maw={760}>
      <Group gap="md" wrap="nowrap" align="center">
        <ThemeIcon size={44} radius="md" variant="light">
          <DashboardIcon size={24} />
        </ThemeIcon>
        <Stack gap={2}>
          <Title order={1} size="h2">
            {label} dashboard
          </Title>
          <Text c="dimmed">
            {queue ? (
              <>
                Jobs in the <strong>{humanise(queue)}</strong> queue, updated live as work arrives.
              </>
            ) : (
              "This role has no job queue of its own."
            )}
          </Text>
        </Stack>
      </Group>
      <Card withBorder padding="lg" radius="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4">
              {queue ? `Queue: ${humanise(queue)}` : "No queue"}
            </Title>
            <Badge variant="light" color="gray" radius="sm">
              Jobs come next
            </Badge>
          </Group>
          <List spacing="xs" size="sm">
            <List.Item>Unassigned jobs in this queue, plus the jobs you have claimed</List.Item>
            <List.Item>Claim, work and complete a job with its form, notes and files</List.Item>
            <List.Item>
              Filters by date, type, keyword, assignee, status and overrunning jobs
            </List.Item>
            <List.Item>Supervisor view across several queues, with reassignment</List.Item>
          </List>
        </Stack>
      </Card>
    </Stack>
  );
}
