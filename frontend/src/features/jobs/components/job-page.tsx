import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { PageLoader } from "@/components/page-loader/page-loader";
import { dashboardPath } from "@/config/paths";
import { isApiError } from "@/lib/api-client";
import { activeRole, useCurrentUser } from "@/lib/auth";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import { hasAnyPermission } from "@/lib/permissions";
import { useBelow } from "@/lib/use-below";
import { jobQueryOptions, jobsApi, workloadQueryOptions } from "../api/jobs";
import { claimRefusal, useClaimJob, useJobSaved, useUnclaimJob } from "../hooks/use-job-actions";
import { useLiveJobs } from "../hooks/use-live-jobs";
import { type Job, OPEN_STATUSES } from "../types";
import { JobFiles } from "./job-files";
import { JobFormPanel } from "./job-form-panel";
import { JobHistory } from "./job-history";
import { JobNotes } from "./job-notes";
import classes from "./job-page.module.css";
import { JobRelated } from "./job-side-panel";
import {
  humanize,
  PRIORITY_COLOR,
  PRIORITY_LABEL,
  relativeTime,
  STATUS_COLOR,
  STATUS_LABEL,
} from "./labels";
import { LiveIndicator } from "./live-indicator";

function isOpen(job: Job): boolean {
  return OPEN_STATUSES.includes(job.status);
}

/** Supervisors: give the job to someone in its queue (or back to the queue), or cancel it. */
function SupervisorActions({ job }: { job: Job }) {
  const saved = useJobSaved();
  const workload = useQuery(workloadQueryOptions());
  const [assignee, setAssignee] = useState<string | null>(null);
  const [cancelOpen, cancelModal] = useDisclosure(false);
  const [reason, setReason] = useState("");
  const assign = useMutation({
    mutationFn: () => jobsApi.assign(job.id, assignee === "none" ? null : assignee, job.version),
    onSuccess: (updated) => {
      saved(updated);
      setAssignee(null);
      notifySuccess(
        updated.assignee ? `Assigned to ${updated.assignee.name}.` : "Back in the queue.",
      );
    },
    onError: (error) => notifyError(error, "Could not assign the job"),
  });
  const cancel = useMutation({
    mutationFn: () =>
      jobsApi.cancel(job.id, { version: job.version, reason: reason.trim() || undefined }),
    onSuccess: (updated) => {
      saved(updated);
      cancelModal.close();
      notifySuccess("The job is cancelled.");
    },
  });
  const staff = (workload.data ?? [])
    .filter((row) => row.queues.includes(job.queue))
    .map((row) => ({ value: row.user.id, label: `${row.user.name} (${row.open} open)` }));

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Supervisor actions">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label="Assign to"
          placeholder="Choose someone"
          data={[{ value: "none", label: "Nobody (back to the queue)" }, ...staff]}
          value={assignee}
          onChange={setAssignee}
          searchable
          w={260}
        />
        <Button onClick={() => assign.mutate()} disabled={!assignee} loading={assign.isPending}>
          {job.assignee ? "Reassign" : "Assign"}
        </Button>
        <Button variant="light" color="red" onClick={cancelModal.open}>
          Cancel job…
        </Button>
      </Group>
      <Modal opened={cancelOpen} onClose={cancelModal.close} title="Cancel this job">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            cancel.mutate();
          }}
        >
          <Stack gap="sm">
            <Textarea
              label="Why"
              description="The journey moves on along the job's “cancelled” exit, if it has one."
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              maxLength={500}
              data-autofocus
            />
            {cancel.error && (
              <Text c="red.8" size="sm" role="alert">
                {cancel.error.message}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={cancelModal.close}>
                Keep it
              </Button>
              <Button type="submit" color="red" loading={cancel.isPending}>
                Cancel the job
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}

/** `/jobs/:id`: everything needed to work one job, kept live. */
export function JobPage() {
  const { id = "" } = useParams();
  const me = useCurrentUser();
  const canSupervise = hasAnyPermission(me.permissions, ["jobs:supervise"]);
  const canOpenContacts = hasAnyPermission(me.permissions, ["contacts:read"]);
  const job = useQuery(jobQueryOptions(id));
  const queue = job.data?.queue;
  const live = useLiveJobs(queue ? [queue] : [], Boolean(queue));
  const claim = useClaimJob();
  const unclaim = useUnclaimJob();
  // One column (a phone, an upright tablet): the outcome buttons ride in a bar at the
  // bottom of the screen, wherever one has scrolled to (notes, files).
  const oneColumn = useBelow("md");
  const [actionSlot, setActionSlot] = useState<HTMLDivElement | null>(null);
  useDocumentTitle(`${job.data?.title ?? "Job"} · Waymark`);

  if (job.isPending) return <PageLoader />;
  if (job.error || !job.data) {
    const missing = isApiError(job.error) && job.error.status === 404;
    return (
      <Stack gap="md" maw={720}>
        <Title order={1} size="h2">
          {missing ? "No such job" : "Job"}
        </Title>
        {missing ? (
          <Text>This job does not exist, or it is not in a queue you work.</Text>
        ) : (
          <LoadError what="the job" error={job.error} />
        )}
        <Anchor component={Link} to={dashboardPath(me.active_role)}>
          Back to your dashboard
        </Anchor>
      </Stack>
    );
  }

  const data = job.data;
  const mine = data.assignee?.id === me.id;
  const open = isOpen(data);
  const editable = mine && open;
  const backTo = dashboardPath(activeRole(me)?.name ?? me.active_role);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to={backTo} size="sm">
          ← Back to the dashboard
        </Anchor>
        <Group justify="space-between" align="flex-start" gap="md">
          <Stack gap={6}>
            <Title order={1} size="h2">
              {data.title}
            </Title>
            <Group gap={6}>
              <Badge color={STATUS_COLOR[data.status]} variant="light" radius="sm" tt="none">
                {STATUS_LABEL[data.status]}
              </Badge>
              <Badge color={PRIORITY_COLOR[data.priority]} variant="light" radius="sm" tt="none">
                {PRIORITY_LABEL[data.priority]} priority
              </Badge>
              {data.due_at && open && (
                <Badge
                  color={data.overrunning ? "red" : "gray"}
                  variant={data.overrunning ? "filled" : "light"}
                  radius="sm"
                  tt="none"
                  title={formatDateTime(data.due_at)}
                >
                  {data.overrunning ? "Overrunning: due " : "Due "}
                  {relativeTime(data.due_at)}
                </Badge>
              )}
              <Text size="sm" c="dimmed" data-testid="job-assignee">
                {data.assignee
                  ? `${open ? "Claimed" : "Worked"} by ${mine ? "you" : data.assignee.name}`
                  : "Unassigned"}
              </Text>
            </Group>
          </Stack>
          <Group gap="sm">
            <LiveIndicator status={live.status} />
            {open && !data.assignee && (
              <Button onClick={() => claim.mutate(data.id)} loading={claim.isPending}>
                Claim
              </Button>
            )}
            {open && (mine || (canSupervise && data.assignee)) && (
              <Button
                variant="default"
                onClick={() => unclaim.mutate({ id: data.id, version: data.version })}
                loading={unclaim.isPending}
              >
                {mine ? "Release" : "Unclaim"}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>

      {claim.error && (
        <Alert color="orange" variant="light" title="You did not get this job" role="alert">
          {claimRefusal(claim.error)}
        </Alert>
      )}
      {open && !mine && data.assignee && (
        <Alert color="gray" variant="light">
          {data.assignee.name} is working on this job. You can read it; only they can complete it.
        </Alert>
      )}
      {open && !data.assignee && (
        <Alert color="blue" variant="light">
          Claim this job to work on it.
        </Alert>
      )}
      {canSupervise && open && <SupervisorActions job={data} />}

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="guidance">
              <Title order={2} size="h4" id="guidance" mb="xs">
                Guidance
              </Title>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {data.guidance || "No guidance for this job."}
              </Text>
            </Paper>
            <JobFormPanel
              key={`${data.id}:${editable}`}
              job={data}
              actionSlot={oneColumn ? actionSlot : null}
              editable={editable}
              onCompleted={() => undefined}
            />
            <JobNotes jobId={data.id} canWrite={open || canSupervise} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <JobRelated job={data} canOpenContacts={canOpenContacts} />
            <JobFiles jobId={data.id} canWrite={open && (mine || canSupervise)} />
            <JobHistory jobId={data.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed">
        {humanize(data.queue)} queue · job {data.id}
      </Text>
      {oneColumn && <div ref={setActionSlot} className={classes.actionBar} />}
    </Stack>
  );
}
