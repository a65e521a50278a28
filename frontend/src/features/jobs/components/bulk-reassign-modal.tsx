import { Alert, Button, Group, List, Modal, Select, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { notifySuccess } from "@/lib/notify";
import { jobKeys, jobsApi, workloadQueryOptions } from "../api/jobs";
import type { BulkReassignResult } from "../types";

interface BulkReassignModalProps {
  opened: boolean;
  onClose: () => void;
  jobIds: readonly string[];
  /** Only staff who work one of these queues are offered (empty: everyone). */
  queues?: readonly string[];
  onDone: (result: BulkReassignResult) => void;
}

const NOBODY = "__nobody__";

/** Gives the selected jobs to one staff member (or back to the queue). */
export function BulkReassignModal({
  opened,
  onClose,
  jobIds,
  queues = [],
  onDone,
}: BulkReassignModalProps) {
  const queryClient = useQueryClient();
  const workload = useQuery({ ...workloadQueryOptions(), enabled: opened });
  const [assignee, setAssignee] = useState<string | null>(null);
  const reassign = useMutation({
    mutationFn: () => jobsApi.bulkReassign([...jobIds], assignee === NOBODY ? null : assignee),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
      if (result.updated.length) {
        notifySuccess(
          `${result.updated.length} job${result.updated.length === 1 ? "" : "s"} reassigned.`,
        );
      }
      onDone(result);
      if (result.failed.length === 0) {
        setAssignee(null);
        onClose();
      }
    },
  });
  const staff = (workload.data ?? [])
    .filter((row) => queues.length === 0 || row.queues.some((q) => queues.includes(q)))
    .map((row) => ({
      value: row.user.id,
      label: `${row.user.name} (${row.open} open${row.overrunning ? `, ${row.overrunning} overrunning` : ""})`,
    }));

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Reassign ${jobIds.length} job${jobIds.length === 1 ? "" : "s"}`}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          reassign.mutate();
        }}
      >
        <Stack gap="sm">
          <Select
            label="Give them to"
            placeholder={workload.isPending ? "Loading staff…" : "Choose someone"}
            data={[{ value: NOBODY, label: "Nobody (back to the queue)" }, ...staff]}
            value={assignee}
            onChange={setAssignee}
            searchable
            required
            data-autofocus
          />
          {reassign.error && (
            <Alert color="red" variant="light" title="Could not reassign">
              {reassign.error.message}
            </Alert>
          )}
          {reassign.data && reassign.data.failed.length > 0 && (
            <Alert color="orange" variant="light" title="Some jobs were not reassigned">
              <List size="sm">
                {reassign.data.failed.map((failure) => (
                  <List.Item key={failure.id}>
                    <Text size="sm" span ff="monospace">
                      {failure.id.slice(0, 8)}…
                    </Text>{" "}
                    {failure.detail}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reassign.isPending} disabled={!assignee}>
              Reassign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
