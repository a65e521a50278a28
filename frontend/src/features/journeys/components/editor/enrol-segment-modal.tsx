import { Alert, Button, Group, Loader, Modal, Progress, Select, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { isApiError } from "@/lib/api-client";
import { useCan } from "@/lib/authorization";
import type {
  EnrolableJourney,
  EnrolRequestStatus,
} from "@/types/generated/enrollment-actions-api";
import type { CatalogItem } from "@/types/generated/journeys-api";
import {
  enrolableQueryOptions,
  enrollmentKeys,
  enrolRequestQueryOptions,
  segmentCountQueryOptions,
  useEnrolSegment,
} from "../../api/enrollments";

interface EnrolSegmentModalProps {
  /** The journey as the enrolable list has it: its live version and manual triggers. */
  journey: EnrolableJourney;
  segments: CatalogItem[];
  opened: boolean;
  onClose: () => void;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Enrol every contact of a saved segment by hand: pick the segment, see how many contacts
 * it has now, confirm that number; the workers enrol them in the background (the
 * journey's re-entry rule applies to each) and the dialog follows them to the end.
 */
export function EnrolSegmentModal({ journey, segments, opened, onClose }: EnrolSegmentModalProps) {
  const queryClient = useQueryClient();
  const [segment, setSegment] = useState<string | null>(null);
  const [trigger, setTrigger] = useState<string | null>(journey.triggers[0]?.node_id ?? null);
  const [requestId, setRequestId] = useState<string | null>(null);
  const enrol = useEnrolSegment(journey.id);
  const count = useQuery({
    ...segmentCountQueryOptions(journey.id, segment ?? "", trigger),
    enabled: opened && segment !== null && requestId === null,
  });
  const progress = useQuery({
    ...enrolRequestQueryOptions(journey.id, requestId ?? ""),
    enabled: requestId !== null,
  });
  const done = progress.data?.done ?? false;
  // Once the workers are through, the numbers on the canvas and the lists have changed.
  useEffect(() => {
    if (!done) return;
    void queryClient.invalidateQueries({ queryKey: enrollmentKeys.all });
    void queryClient.invalidateQueries({ queryKey: ["journeys", "detail", journey.id] });
  }, [done, queryClient, journey.id]);

  const close = () => {
    setSegment(null);
    setRequestId(null);
    enrol.reset();
    onClose();
  };
  const confirm = () => {
    if (!segment || !count.data) return;
    enrol.mutate(
      {
        segment,
        expected_count: count.data.count,
        ...(trigger ? { trigger_node_id: trigger } : {}),
      },
      {
        onSuccess: (status) => setRequestId(status.request_id),
        // The segment changed size since it was counted: nothing was recorded; count
        // again, so the next confirmation is of the new number.
        onError: (error) => {
          if (isApiError(error) && error.status === 409) void count.refetch();
        },
      },
    );
  };
  const stale =
    isApiError(enrol.error) && enrol.error.status === 409 && "count" in (enrol.error.problem ?? {});
  const chosen = segments.find((s) => s.name === segment);
  const segmentName = chosen ? `“${chosen.label || chosen.name}”` : "";
  return (
    <Modal opened={opened} onClose={close} title={`Enrol a segment in ${journey.name}`}>
      <Stack>
        {segments.length === 0 && (
          <Text size="sm" c="dimmed">
            There are no saved segments yet. Save one on the Segments page to enrol its contacts
            here.
          </Text>
        )}
        {segments.length > 0 && (
          <Select
            label="Segment"
            placeholder="Pick a segment"
            data={segments.map((s) => ({ value: s.name, label: s.label || s.name }))}
            value={segment}
            onChange={(value) => {
              setSegment(value);
              enrol.reset();
            }}
            disabled={requestId !== null}
            searchable
            data-autofocus
          />
        )}
        {journey.triggers.length > 1 && (
          <Select
            label="Start at"
            data={journey.triggers.map((t) => ({ value: t.node_id, label: t.label }))}
            value={trigger}
            onChange={setTrigger}
            disabled={requestId !== null}
            allowDeselect={false}
          />
        )}
        {segment && requestId === null && count.isPending && (
          <Loader size="sm" aria-label="Counting the segment's contacts" />
        )}
        {count.error && (
          <Alert color="red" variant="light" title="Cannot enrol this segment">
            {count.error.message}
          </Alert>
        )}
        {count.data && requestId === null && (
          <Alert color="blue" variant="light" title="Enrol them all?">
            <Text size="sm" data-testid="segment-enrol-count">
              {count.data.count === 0
                ? `${segmentName} has no contacts now: there is nobody to enrol.`
                : `${segmentName} has ${plural(count.data.count, "contact", "contacts")} now. Each one enters ${journey.name} (version ${journey.version}) unless the journey's re-entry rule keeps them out.`}
            </Text>
          </Alert>
        )}
        {stale && (
          <Alert color="yellow" variant="light" title="The segment changed: nothing was enrolled">
            {enrol.error?.message}
          </Alert>
        )}
        {enrol.error && !stale && (
          <Alert color="red" variant="light" title="Not enrolled">
            {enrol.error.message}
          </Alert>
        )}
        {progress.data && <EnrolProgress status={progress.data} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {requestId ? "Close" : "Cancel"}
          </Button>
          {requestId === null && (
            <Button
              onClick={confirm}
              disabled={!count.data || count.data.count === 0 || count.isFetching}
              loading={enrol.isPending}
            >
              {count.data ? `Enrol ${plural(count.data.count, "contact", "contacts")}` : "Enrol"}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

function EnrolProgress({ status }: { status: EnrolRequestStatus }) {
  const value = status.requested ? (100 * status.handled) / status.requested : 100;
  return (
    <Stack gap={4} aria-live="polite">
      <Progress value={status.done ? 100 : value} aria-label="Contacts handled" />
      <Text size="sm" data-testid="segment-enrol-status">
        {status.done
          ? `Done: ${plural(status.enrolled, "contact", "contacts")} enrolled` +
            (status.refused
              ? `, ${status.refused} not (the journey's re-entry rule; each one's timeline says why).`
              : ".")
          : `Enrolling: ${status.handled} of ${status.requested} handled (${status.enrolled} enrolled so far).`}
      </Text>
    </Stack>
  );
}

/**
 * "Enrol a segment…" in the editor's toolbar, for people who operate journeys, once the
 * live version starts with a "Manual enrolment" trigger (nothing otherwise).
 */
export function EnrolSegmentButton({
  journeyId,
  live,
  segments,
}: {
  journeyId: string;
  /** Published and active: only then can anyone be enrolled. */
  live: boolean;
  segments: CatalogItem[];
}) {
  const canEnrol = useCan(["journeys:publish"]);
  const enrolable = useQuery({ ...enrolableQueryOptions, enabled: canEnrol && live });
  const journey = enrolable.data?.find((j) => j.id === journeyId);
  const [opened, setOpened] = useState(false);
  if (!canEnrol || !live || !journey) return null;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpened(true)}>
        Enrol a segment…
      </Button>
      <EnrolSegmentModal
        journey={journey}
        segments={segments}
        opened={opened}
        onClose={() => setOpened(false)}
      />
    </>
  );
}
