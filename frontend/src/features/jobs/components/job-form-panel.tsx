import { Alert, Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import type { IChangeEvent } from "@rjsf/core";
import Form from "@rjsf/mantine";
import type { ErrorSchema, UiSchema } from "@rjsf/utils";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { createPortal } from "react-dom";
import { isApiError } from "@/lib/api-client";
import { notifyError, notifySuccess } from "@/lib/notify";
import { jobsApi } from "../api/jobs";
import { useJobSaved } from "../hooks/use-job-actions";
import { jobFormValidator } from "../model/form-validator";
import { problemsOf, sortProblems } from "../model/server-errors";
import type { Job, JsonObject } from "../types";
import { humanize } from "./labels";

interface JobFormPanelProps {
  job: Job;
  /**
   * Where the outcome buttons go instead of the bottom of the form: the job page's bar
   * that stays at the bottom of a phone's screen, so they are never a scroll away.
   */
  actionSlot?: HTMLElement | null;
  /** The signed-in user holds the job and it is open: the form can be worked. */
  editable: boolean;
  onCompleted: (job: Job) => void;
}

const EMPTY_ERRORS: ErrorSchema = {};

/**
 * The job type's form (react-jsonschema-form), a draft save, and one button per outcome.
 * The server validates on completion; its per-field problems show on the fields.
 */
export function JobFormPanel({ job, actionSlot, editable, onCompleted }: JobFormPanelProps) {
  const saved = useJobSaved();
  const [data, setData] = useState<JsonObject>(job.form_data ?? {});
  const [dirty, setDirty] = useState(false);
  const uiSchema = useMemo<UiSchema>(
    () => ({ ...(job.ui_schema as UiSchema), "ui:submitButtonOptions": { norender: true } }),
    [job.ui_schema],
  );
  const hasFields =
    Object.keys(((job.form_schema as { properties?: object }).properties ?? {}) as object).length >
    0;

  const complete = useMutation({
    mutationFn: (outcome: string) =>
      jobsApi.complete(job.id, { version: job.version, outcome, data }),
    onSuccess: (completed) => {
      saved(completed);
      setDirty(false);
      notifySuccess(`Completed as “${humanize(completed.outcome ?? "")}”.`, completed.title);
      onCompleted(completed);
    },
  });
  const draft = useMutation({
    mutationFn: () => jobsApi.update(job.id, { version: job.version, form_data: data }),
    onSuccess: (updated) => {
      saved(updated);
      setDirty(false);
      notifySuccess("Your answers are saved.", "Draft saved");
    },
    onError: (error) => notifyError(error, "Could not save the draft"),
  });

  const problems = sortProblems(problemsOf(complete.error));
  const stale = isApiError(complete.error) && complete.error.status === 409;

  const outcomes = (
    <Stack gap={actionSlot ? 6 : "xs"}>
      <Text size={actionSlot ? "xs" : "sm"} fw={600} id="job-outcomes-label">
        Complete the job as
      </Text>
      <Group
        gap="sm"
        role="group"
        aria-labelledby="job-outcomes-label"
        // In the phone's bar: a grid of equal buttons, two or three to a line.
        style={
          actionSlot
            ? { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(7.5rem, 1fr))" }
            : undefined
        }
      >
        {job.outcomes.map((outcome) => (
          <Button
            key={outcome}
            onClick={() => complete.mutate(outcome)}
            loading={complete.isPending && complete.variables === outcome}
            disabled={complete.isPending && complete.variables !== outcome}
          >
            {humanize(outcome)}
          </Button>
        ))}
        <Button
          variant="default"
          onClick={() => draft.mutate()}
          loading={draft.isPending}
          disabled={!dirty}
        >
          Save draft
        </Button>
      </Group>
    </Stack>
  );

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="job-form-title">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h4" id="job-form-title">
            Form
          </Title>
          {editable && dirty && (
            <Text size="xs" c="dimmed">
              Unsaved changes
            </Text>
          )}
        </Group>
        {hasFields ? (
          <Form
            schema={job.form_schema}
            uiSchema={uiSchema}
            formData={data}
            validator={jobFormValidator}
            extraErrors={complete.error ? problems.form : EMPTY_ERRORS}
            showErrorList={false}
            noHtml5Validate
            noValidate
            readonly={!editable}
            onChange={(event: IChangeEvent) => {
              setData((event.formData ?? {}) as JsonObject);
              setDirty(true);
            }}
          />
        ) : (
          <Text size="sm" c="dimmed">
            This job type asks for no answers: choose an outcome.
          </Text>
        )}

        {complete.error && (
          <Alert
            color="red"
            variant="light"
            title={stale ? "This job changed" : "The job was not completed"}
            role="alert"
          >
            <Text size="sm">
              {problems.count > 0
                ? `Fix ${problems.count === 1 ? "the problem" : `the ${problems.count} problems`} marked on the form, then choose the outcome again.`
                : complete.error.message}
            </Text>
            {problems.other.length > 0 && (
              <List size="sm" mt={4}>
                {problems.other.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}

        {editable
          ? actionSlot
            ? createPortal(outcomes, actionSlot)
            : outcomes
          : job.outcome && (
              <Text size="sm">
                Outcome: <strong>{humanize(job.outcome)}</strong>
              </Text>
            )}
      </Stack>
    </Card>
  );
}
