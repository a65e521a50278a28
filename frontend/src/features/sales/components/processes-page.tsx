import { Badge, Button, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { PageHeader } from "@/components/page-header/page-header";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import {
  processesQueryOptions,
  useActivateProcess,
  useDeactivateProcess,
  usePreviewRun,
  useRunNow,
} from "../api/processes";
import { frequencyText, placementText, splitByActive } from "../model/processes";
import type { ProcessView, RunPreview } from "../types";
import { ProcessModal } from "./process-modal";

type Editing = { process: ProcessView | null } | null;

/** Automatic processes: active ones in priority order, then the inactive ones; their last
 * run and counts; run now, with a dry run first. */
export function ProcessesPage() {
  useDocumentTitle("Automatic processes · Waymark");
  const processes = useQuery(processesQueryOptions);
  const { active, inactive } = splitByActive(processes.data ?? []);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ProcessView | null>(null);
  const [preview, setPreview] = useState<{ process: ProcessView; result: RunPreview } | null>(null);
  const runNow = useRunNow();
  const previewRun = usePreviewRun();
  const activate = useActivateProcess();
  const deactivate = useDeactivateProcess();

  const showPreview = (process: ProcessView) =>
    previewRun.mutate(process.id, {
      onSuccess: (result) => setPreview({ process, result }),
      onError: (error) => notifyError(error, "No preview"),
    });
  const run = (process: ProcessView) =>
    runNow.mutate(process.id, {
      onSuccess: () => {
        notifySuccess(`“${process.name}” is running; its counts show here when it is done.`);
        setPreview(null);
      },
      onError: (error) => notifyError(error, "Not run"),
    });

  const columns: DataTableColumn<ProcessView>[] = [
    {
      header: "Priority",
      align: "right",
      cell: (p) => <Text size="sm">{p.priority}</Text>,
    },
    {
      header: "Process",
      card: "title",
      cell: (p) => (
        <>
          <Text fw={600} size="sm">
            {p.name}
          </Text>
          <Text size="xs" c="dimmed">
            {p.sources.map((s) => s.name).join(", ")} → {p.destination.name}
          </Text>
        </>
      ),
    },
    {
      header: "Moves",
      cell: (p) => (
        <>
          <Text size="sm">Outcomes: {p.criteria.outcomes.join(", ")}</Text>
          <Text size="xs" c="dimmed">
            {placementText(p)}
            {p.criteria.condition ? " · with a condition" : ""}
          </Text>
        </>
      ),
    },
    {
      header: "Runs",
      cell: (p) => (
        <>
          <Text size="sm">{frequencyText(p)}</Text>
          <Text size="xs" c="dimmed">
            {p.active
              ? `Next ${formatDateTime(p.next_run_at)}`
              : `Inactive since ${formatDateTime(p.deactivated_at)}`}
          </Text>
        </>
      ),
    },
    {
      header: "Last run",
      cell: (p) =>
        p.last_run ? (
          <>
            <Text size="sm">
              {formatDateTime(p.last_run.started_at)}{" "}
              {p.last_run.status === "running" && (
                <Badge size="xs" variant="light">
                  running
                </Badge>
              )}
            </Text>
            <Text size="xs" c="dimmed">
              {p.last_run.moved} moved · {p.last_run.skipped} left · {p.moved_total} in all
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Not run yet
          </Text>
        ),
    },
    {
      header: "Actions",
      hideHeader: true,
      noWrap: true,
      align: "right",
      cell: (p) => (
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button
            size="compact-sm"
            variant="default"
            loading={previewRun.isPending && previewRun.variables === p.id}
            onClick={() => showPreview(p)}
            aria-label={`Preview ${p.name}`}
          >
            Preview
          </Button>
          {p.active ? (
            <>
              <Button
                size="compact-sm"
                loading={runNow.isPending && runNow.variables === p.id}
                onClick={() => run(p)}
                aria-label={`Run ${p.name} now`}
              >
                Run now
              </Button>
              <Button
                size="compact-sm"
                variant="default"
                onClick={() => setEditing({ process: p })}
                aria-label={`Edit ${p.name}`}
              >
                Edit
              </Button>
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                onClick={() => setDeleting(p)}
                aria-label={`Delete ${p.name}`}
              >
                Delete
              </Button>
            </>
          ) : (
            <Button
              size="compact-sm"
              variant="light"
              loading={activate.isPending && activate.variables === p.id}
              onClick={() =>
                activate.mutate(p.id, {
                  onSuccess: () =>
                    notifySuccess(`“${p.name}” is active again: it looks back 30 days now.`),
                  onError: (error) => notifyError(error),
                })
              }
              aria-label={`Reactivate ${p.name}`}
            >
              Reactivate
            </Button>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Stack gap="lg">
      <PageHeader
        title="Automatic processes"
        description="Move processed cards between projects, in priority order (1 first), on each process's frequency."
        actions={<Button onClick={() => setEditing({ process: null })}>New process</Button>}
      />
      <DataTable
        label="Active processes"
        minWidth={980}
        columns={columns}
        query={{ ...processes, data: processes.data ? active : undefined }}
        rowKey="id"
        loadingText="Loading processes…"
        emptyText="No active process."
        what="processes"
      />
      <Title order={2} size="h3">
        Inactive
      </Title>
      <DataTable
        label="Inactive processes"
        minWidth={980}
        columns={columns}
        query={{ ...processes, data: processes.data ? inactive : undefined }}
        rowKey="id"
        rowProps={() => ({ c: "dimmed" })}
        emptyText="No inactive process: a deleted process is kept here, and can be reactivated."
        what="processes"
      />
      <ProcessModal editing={editing} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete"
        danger
        loading={deactivate.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          deactivate.mutate(deleting.id, {
            onSuccess: () => setDeleting(null),
            onError: (error) => notifyError(error),
          })
        }
      >
        It stops running and is kept under Inactive. Reactivating it later looks back over the cards
        processed in the last 30 days.
      </ConfirmModal>
      <PreviewModal
        preview={preview}
        running={runNow.isPending}
        onRun={run}
        onClose={() => setPreview(null)}
      />
    </Stack>
  );
}

function PreviewModal({
  preview,
  running,
  onRun,
  onClose,
}: {
  preview: { process: ProcessView; result: RunPreview } | null;
  running: boolean;
  onRun: (process: ProcessView) => void;
  onClose: () => void;
}) {
  const result = preview?.result;
  return (
    <Modal
      opened={preview !== null}
      onClose={onClose}
      title={`Dry run: ${preview?.process.name ?? ""}`}
      size="xl"
    >
      {result && preview && (
        <Stack gap="md">
          <Text size="sm">
            {result.total === 1 ? "1 card would move" : `${result.total} cards would move`}{" "}
            (processed since {formatDateTime(result.scan_from)}). Nothing has been changed.
          </Text>
          <DataTable
            label="Cards a run would move"
            minWidth={640}
            framed={false}
            columns={[
              {
                header: "Contact",
                cell: (item) => <Text size="sm">{item.contact.name || item.contact.email}</Text>,
              },
              {
                header: "From",
                cell: (item) => (
                  <Text size="sm">
                    {item.from_project.name} · {item.outcome}
                  </Text>
                ),
              },
              {
                header: "To",
                cell: (item) => (
                  <>
                    <Text size="sm">
                      {item.to_kind === "user" && `User ${item.to_name}`}
                      {item.to_kind === "bucket" && `Bucket “${item.to_name}”`}
                      {item.to_kind === "new_bucket" && `New bucket “${item.to_name}”`}
                      {item.to_kind === "none" && "Stays"}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {item.detail}
                    </Text>
                  </>
                ),
              },
            ]}
            query={result.items}
            rowKey="card_id"
            emptyText="No card would move now."
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            {preview.process.active && (
              <Button loading={running} onClick={() => onRun(preview.process)}>
                Run now
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
