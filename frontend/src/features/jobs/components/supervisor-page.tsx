import { Badge, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { DataTable } from "@/components/data-table/data-table";
import { PageHeader } from "@/components/page-header/page-header";
import { activeRole, useCurrentUser } from "@/lib/auth";
import { workloadQueryOptions } from "../api/jobs";
import type { JobFilters } from "../types";
import { JobQueue } from "./job-queue";
import { humanize } from "./labels";

// Until the supervisor picks other filters: what is late, most overdue first.
const OVERRUNNING: JobFilters = { scope: "all", overrunning: true, sort: "due_at" };

function WorkloadTable() {
  const workload = useQuery({ ...workloadQueryOptions(30_000) });
  return (
    <Stack gap="sm" component="section" aria-labelledby="workload-title">
      <Title order={2} size="h3" id="workload-title">
        Workload per person
      </Title>
      <DataTable
        label="Workload per person"
        minWidth={760}
        verticalSpacing="xs"
        columns={[
          {
            header: "Person",
            cell: (row) => (
              <>
                <Text size="sm" fw={600}>
                  {row.user.name}
                </Text>
                <Text size="xs" c="dimmed" fw={400}>
                  {row.user.email}
                </Text>
              </>
            ),
          },
          {
            header: "Queues",
            cell: (row) => <Text size="sm">{row.queues.map(humanize).join(", ")}</Text>,
          },
          { header: "Open", align: "right", cell: (row) => row.open },
          { header: "In progress", align: "right", cell: (row) => row.in_progress },
          { header: "On hold", align: "right", cell: (row) => row.on_hold },
          {
            header: "Overrunning",
            align: "right",
            cell: (row) =>
              row.overrunning > 0 ? (
                <Badge color="red" radius="sm">
                  {row.overrunning}
                </Badge>
              ) : (
                0
              ),
          },
          { header: "Completed today", align: "right", cell: (row) => row.completed_today },
        ]}
        query={{ ...workload, data: workload.data?.map((row) => ({ ...row, id: row.user.id })) }}
        rowKey="id"
        emptyText="Nobody works these queues yet."
        what="the workload"
      />
    </Stack>
  );
}

/** `/supervisor`: what is overrunning in every queue, who carries what, and reassignment. */
export function SupervisorPage() {
  useDocumentTitle("Supervisor · Waymark");
  const me = useCurrentUser();
  return (
    <Stack gap="lg">
      <PageHeader
        title="Supervisor"
        description="Overrunning jobs across every queue you oversee, and each person's workload. Select jobs to reassign them."
      />
      <Stack gap="sm" component="section" aria-labelledby="overrunning-title">
        <Title order={2} size="h3" id="overrunning-title">
          Jobs across queues
        </Title>
        <JobQueue
          queues={[]}
          label="Jobs across queues"
          roleLabel={activeRole(me)?.label ?? me.active_role}
          baseFilters={OVERRUNNING}
        />
      </Stack>
      <WorkloadTable />
    </Stack>
  );
}
