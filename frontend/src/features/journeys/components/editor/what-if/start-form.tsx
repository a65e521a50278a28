import {
  Alert,
  Button,
  Group,
  Loader,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { segmentsQueryOptions } from "@/features/segments/api/segments";
import { useCan } from "@/lib/authorization";
import { fieldErrorsOf } from "@/lib/field-errors";
import { formatDateTime } from "@/lib/format";
import type { WhatIfRun } from "@/types/generated/what-if-api";
import { versionQueryOptions, versionsQueryOptions } from "../../../api/journeys";
import type { ExitSubject } from "../../../model/exits";
import { useEditorStore } from "../../../store/editor-store";
import { useStartWhatIf } from "./api";
import {
  defaultPeriod,
  formProblems,
  type JobStep,
  type JobStepForm,
  jobStepsOf,
  toRequest,
  type WhatIfForm,
} from "./model";

const DRAFT = "draft";

/**
 * The job steps of the journey the what-if replays: the draft on the canvas, or the
 * published version picked (loaded when picked; null until it is there).
 */
function useJobSteps(journeyId: string, version: number | null): JobStep[] | null {
  const nodes = useEditorStore((s) => s.nodes);
  const catalog = useEditorStore((s) => s.catalog);
  const published = useQuery({
    ...versionQueryOptions(journeyId, version ?? 0),
    enabled: version !== null,
  });
  const definition = published.data?.definition;
  return useMemo(() => {
    if (version === null) {
      return jobStepsOf(
        nodes.map(
          (n) =>
            ({
              id: n.id,
              kind: n.type,
              label: n.data.label,
              config: n.data.config,
            }) as ExitSubject & {
              id: string;
              label?: string | null;
            },
        ),
        catalog,
      );
    }
    return definition ? jobStepsOf(definition.nodes ?? [], catalog) : null;
  }, [version, nodes, definition, catalog]);
}

/** Start a what-if: the period, the audience, the draft or a published version, and how
 * its job steps end. */
export function WhatIfStartForm({
  journeyId,
  onStarted,
}: {
  journeyId: string;
  onStarted: (run: WhatIfRun) => void;
}) {
  const canStart = useCan(["journeys:write"]);
  const segments = useQuery(segmentsQueryOptions);
  const versions = useQuery(versionsQueryOptions(journeyId));
  const start = useStartWhatIf(journeyId);
  const [form, setForm] = useState<WhatIfForm>(() => ({
    ...defaultPeriod(),
    segmentId: null,
    version: null,
    jobSteps: {},
  }));
  const jobSteps = useJobSteps(journeyId, form.version);
  const [tried, setTried] = useState(false);
  const problems = formProblems(form);
  const server = fieldErrorsOf(start.error, ["period_start", "period_end", "version"]);
  const stepOf = (id: string, outcomes: string[]): JobStepForm =>
    form.jobSteps[id] ?? {
      mode: "outcome",
      outcome: outcomes[0] ?? "",
      weights: Object.fromEntries(outcomes.map((o) => [o, 1])),
    };
  const setStep = (id: string, step: JobStepForm) =>
    setForm({ ...form, jobSteps: { ...form.jobSteps, [id]: step } });
  if (!canStart) return null;
  const published = versions.data ?? [];
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (Object.keys(problems).length > 0 || jobSteps === null) return;
        const filled: WhatIfForm = {
          ...form,
          jobSteps: Object.fromEntries(jobSteps.map((s) => [s.id, stepOf(s.id, s.outcomes)])),
        };
        start.mutate(toRequest(filled), { onSuccess: onStarted });
      }}
    >
      <Stack gap="sm">
        <Title order={2} size="h5">
          Start a what-if
        </Title>
        {published.length > 0 && (
          <Select
            label="Replay"
            data={[
              { value: DRAFT, label: "The draft, as it is now" },
              ...published.map((v) => ({
                value: String(v.version),
                label: `Version ${v.version} · published ${formatDateTime(v.published_at)}`,
              })),
            ]}
            value={form.version === null ? DRAFT : String(form.version)}
            onChange={(value) =>
              // Another journey, other job steps: their choices start afresh.
              setForm({
                ...form,
                version: value && value !== DRAFT ? Number(value) : null,
                jobSteps: {},
              })
            }
            allowDeselect={false}
            error={server.version}
          />
        )}
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label="First day"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
            error={(tried && problems.from) || server.period_start}
          />
          <TextInput
            type="date"
            label="Last day"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}
            error={(tried && problems.to) || server.period_end}
          />
        </Group>
        <Select
          label="Audience"
          data={[
            { value: "", label: "Everyone with an event in the period" },
            ...(segments.data ?? []).map((s) => ({ value: s.id, label: s.label || s.name })),
          ]}
          value={form.segmentId ?? ""}
          onChange={(value) => setForm({ ...form, segmentId: value || null })}
          allowDeselect={false}
        />
        {jobSteps === null ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Loading version {form.version}…</Text>
          </Group>
        ) : (
          jobSteps.length > 0 && (
            <Stack gap="xs">
              <Text size="sm" fw={600}>
                Job steps: no job is done in a replay — how do they end?
              </Text>
              {jobSteps.map((job) => (
                <JobStepChoice
                  key={job.id}
                  job={job}
                  step={stepOf(job.id, job.outcomes)}
                  problem={tried ? problems[`job:${job.id}`] : undefined}
                  onChange={(step) => setStep(job.id, step)}
                />
              ))}
            </Stack>
          )
        )}
        {start.error && Object.keys(server).length === 0 && (
          <Alert color="red" title="The what-if could not start">
            {start.error.message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={start.isPending} disabled={jobSteps === null}>
            Run the what-if
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function JobStepChoice({
  job,
  step,
  problem,
  onChange,
}: {
  job: JobStep;
  step: JobStepForm;
  problem: string | undefined;
  onChange: (step: JobStepForm) => void;
}) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <legend>
        <Text size="sm">{job.label}</Text>
      </legend>
      <Group gap="xs" align="flex-end">
        <SegmentedControl
          size="xs"
          aria-label={`How “${job.label}” ends`}
          data={[
            { value: "outcome", label: "One outcome" },
            { value: "split", label: "Split" },
          ]}
          value={step.mode}
          onChange={(mode) => onChange({ ...step, mode: mode as JobStepForm["mode"] })}
        />
        {step.mode === "outcome" ? (
          <Select
            size="xs"
            aria-label={`Outcome of “${job.label}”`}
            data={job.outcomes}
            value={step.outcome || null}
            onChange={(value) => onChange({ ...step, outcome: value ?? "" })}
            allowDeselect={false}
          />
        ) : (
          job.outcomes.map((outcome) => (
            <NumberInput
              key={outcome}
              size="xs"
              w={90}
              min={0}
              max={1000}
              label={outcome}
              value={step.weights[outcome] ?? 0}
              onChange={(value) =>
                onChange({ ...step, weights: { ...step.weights, [outcome]: Number(value) || 0 } })
              }
            />
          ))
        )}
      </Group>
      {problem && (
        <Text size="xs" c="red.8" role="alert">
          {problem}
        </Text>
      )}
    </fieldset>
  );
}
