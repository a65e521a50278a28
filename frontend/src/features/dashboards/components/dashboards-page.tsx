import { Group, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Navigate, useParams } from "react-router";
import { Forbidden } from "@/components/forbidden/forbidden";
import { DashboardIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { dashboardPath } from "@/config/paths";
// The dashboard is the jobs feature's queue, framed for one role.
import { queuesQueryOptions } from "@/features/jobs/api/jobs";
import { JobQueue } from "@/features/jobs/components/job-queue";
import { QueueCounts } from "@/features/jobs/components/queue-counts";
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

/**
 * `/dashboards/:role`: the role's job queue, live. A supervising role's own dashboard
 * spans every queue; any other role's shows its queue.
 */
export function RoleDashboardPage() {
  const { role: roleName = "" } = useParams();
  const me = useCurrentUser();
  const canSupervise = hasAnyPermission(me.permissions, ["jobs:supervise"]);
  const queues = useQuery(queuesQueryOptions());
  const role = me.roles.find((candidate) => candidate.name === roleName);
  const roleQueue = queues.data?.find((queue) => queue.role === roleName);
  const label = role?.label ?? roleQueue?.label ?? humanise(roleName);
  useDocumentTitle(`${label} dashboard · Waymark`);

  // One's own roles' queues, or any queue for a supervisor.
  if (!role && !canSupervise) {
    return <Forbidden roleLabel={activeRole(me)?.label ?? me.active_role} homeHref="/" />;
  }
  const spansAll = Boolean(role?.permissions.includes("jobs:supervise"));
  const queue = spansAll ? null : (role?.queue ?? roleQueue?.name ?? roleName);

  return (
    <Stack gap="lg">
      <Group gap="md" wrap="nowrap" align="center">
        <ThemeIcon size={44} radius="md" variant="light" visibleFrom="sm">
          <DashboardIcon size={24} />
        </ThemeIcon>
        <Stack gap={2}>
          <Title order={1} size="h2">
            {label} dashboard
          </Title>
          <Text c="dimmed">
            {queue ? (
              <>
                Jobs in the <strong>{roleQueue?.label ?? humanise(queue)}</strong> queue, updated
                live as work arrives.
              </>
            ) : (
              "Jobs in every queue you oversee, updated live as work arrives."
            )}
          </Text>
        </Stack>
      </Group>
      <LoadError what="your queues" error={queues.error} />
      {queues.data && <QueueCounts queues={queues.data} current={queue} />}
      <JobQueue
        key={queue ?? "*"}
        queues={queue ? [queue] : []}
        label={queue ? `${roleQueue?.label ?? humanise(queue)} jobs` : "Jobs in every queue"}
        roleLabel={activeRole(me)?.label ?? me.active_role}
      />
    </Stack>
  );
}
