import { Badge, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { DataTable } from "@/components/data-table/data-table";
import { PlusIcon } from "@/components/icons/icons";
import { PageHeader } from "@/components/page-header/page-header";
import { notifyError, notifySuccess } from "@/lib/notify";
import { useBelow } from "@/lib/use-below";
import { jobTypeKeys, jobTypesApi, jobTypesQueryOptions } from "../api/job-types";
import { queuesQueryOptions } from "../api/jobs";
import type { JobType } from "../types";
import { JobTypeForm } from "./job-type-form";
import { humanize, PRIORITY_COLOR, PRIORITY_LABEL } from "./labels";

function dueText(minutes: number | null): string {
  if (minutes === null) return "—";
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** `/job-types`: the kinds of job journeys create, as content. */
export function JobTypesPage() {
  useDocumentTitle("Job types · Waymark");
  const queryClient = useQueryClient();
  const types = useQuery(jobTypesQueryOptions());
  const queues = useQuery(queuesQueryOptions());
  const [editing, setEditing] = useState<JobType | "new" | null>(null);
  const [deleting, setDeleting] = useState<JobType | null>(null);
  const remove = useMutation({
    mutationFn: (type: JobType) => jobTypesApi.remove(type.name),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: jobTypeKeys.all });
      notifySuccess("Job type deleted.");
      setDeleting(null);
    },
    onError: (error) => notifyError(error, "Could not delete the job type"),
  });
  const queueNames = (queues.data ?? []).map((q) => q.name);
  // The schema editor beside its preview needs the whole of a phone's screen.
  const phone = useBelow("sm");

  return (
    <Stack gap="lg">
      <PageHeader
        title="Job types"
        description="What each kind of job asks for, which queue works it, and how it can end."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setEditing("new")}>
            New job type
          </Button>
        }
      />
      <DataTable
        label="Job types"
        minWidth={900}
        columns={[
          {
            header: "Label",
            cell: (type) => (
              <>
                <Text size="sm" fw={600}>
                  {type.label}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" fw={400}>
                  {type.name}
                </Text>
              </>
            ),
          },
          { header: "Queue", cell: (type) => <Text size="sm">{humanize(type.queue)}</Text> },
          {
            header: "Outcomes",
            cell: (type) => (
              <Group gap={4}>
                {type.outcomes.map((outcome) => (
                  <Badge key={outcome} variant="light" color="gray" radius="sm" tt="none">
                    {humanize(outcome)}
                  </Badge>
                ))}
              </Group>
            ),
          },
          { header: "Due", cell: (type) => dueText(type.default_due_minutes) },
          {
            header: "Priority",
            cell: (type) => (
              <Badge color={PRIORITY_COLOR[type.priority]} variant="light" radius="sm" tt="none">
                {PRIORITY_LABEL[type.priority]}
              </Badge>
            ),
          },
          {
            header: "Actions",
            card: "actions",
            noWrap: true,
            cell: (type) => (
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="compact-sm"
                  variant="default"
                  onClick={() => setEditing(type)}
                  aria-label={`Edit ${type.label}`}
                >
                  Edit
                </Button>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => setDeleting(type)}
                  aria-label={`Delete ${type.label}`}
                >
                  Delete
                </Button>
              </Group>
            ),
          },
        ]}
        query={types}
        rowKey="id"
        loadingText="Loading job types…"
        emptyText="No job types yet."
        what="the job types"
      />
      <ConfirmModal
        opened={deleting !== null}
        title={`Delete ${deleting?.label ?? "job type"}?`}
        confirmLabel="Delete job type"
        danger
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        Journeys that name <strong>{deleting?.name}</strong> will no longer validate. A type that
        already has jobs cannot be deleted.
      </ConfirmModal>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? "New job type" : editing ? `Edit ${editing.label}` : ""}
        size="80rem"
        fullScreen={phone}
      >
        {editing !== null && (
          <JobTypeForm
            existing={editing === "new" ? null : editing}
            queues={queueNames}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              void queryClient.invalidateQueries({ queryKey: jobTypeKeys.all });
              notifySuccess(`Saved “${saved.label}”.`);
              setEditing(null);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
