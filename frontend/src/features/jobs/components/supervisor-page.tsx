import { Badge, Card, Stack, Table, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
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
      <LoadError what="the workload" error={workload.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Workload table" minWidth={760}>
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-label="Workload per person">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Person</Table.Th>
                <Table.Th>Queues</Table.Th>
                <Table.Th ta="right">Open</Table.Th>
                <Table.Th ta="right">In progress</Table.Th>
                <Table.Th ta="right">On hold</Table.Th>
                <Table.Th ta="right">Overrunning</Table.Th>
                <Table.Th ta="right">Completed today</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {workload.data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text c="dimmed" ta="center" py="md">
                      Nobody works these queues yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {workload.data?.map((row) => (
                <Table.Tr key={row.user.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {row.user.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {row.user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{row.queues.map(humanize).join(", ")}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{row.open}</Table.Td>
                  <Table.Td ta="right">{row.in_progress}</Table.Td>
                  <Table.Td ta="right">{row.on_hold}</Table.Td>
                  <Table.Td ta="right">
                    {row.overrunning > 0 ? (
                      <Badge color="red" radius="sm">
                        {row.overrunning}
                      </Badge>
                    ) : (
                      0
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{row.completed_today}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
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
