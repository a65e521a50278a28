import {
  Alert,
  Autocomplete,
  Button,
  Grid,
  Group,
  JsonInput,
  NumberInput,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import Form from "@rjsf/mantine";
import type { UiSchema } from "@rjsf/utils";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { isApiError } from "@/lib/api-client";
import { jobTypesApi } from "../api/job-types";
import { jobFormValidator } from "../model/form-validator";
import { checkFormSchema, checkJsonObject, OUTCOME_NAME, TYPE_NAME } from "../model/schema-check";
import { problemsOf } from "../model/server-errors";
import { type JobType, type JobTypeInput, PRIORITIES, type Priority } from "../types";
import { PRIORITY_LABEL } from "./labels";

const EXAMPLE_SCHEMA = `{
  "type": "object",
  "properties": {
    "notes": { "type": "string", "title": "What did you do?" }
  }
}`;

interface JobTypeFormProps {
  /** The type being edited; none to create one. */
  existing: JobType | null;
  queues: readonly string[];
  onSaved: (type: JobType) => void;
  onCancel: () => void;
}

/** Server problems by the top-level field they belong to (`form_schema.properties.x` → form_schema). */
function serverErrors(error: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  for (const { field, message } of problemsOf(error)) {
    const top = field.replace(/^(body|data)\./, "").split(/[.[]/)[0] ?? field;
    const detail = field.includes(".") ? `${field}: ${message}` : message;
    found[top] = found[top] ? `${found[top]} ${detail}` : detail;
  }
  return found;
}

/** Create or edit a job type: its queue, guidance, form (JSON Schema, previewed), outcomes. */
export function JobTypeForm({ existing, queues, onSaved, onCancel }: JobTypeFormProps) {
  const [name, setName] = useState(existing?.name ?? "");
  const [label, setLabel] = useState(existing?.label ?? "");
  const [queue, setQueue] = useState(existing?.queue ?? "");
  const [guidance, setGuidance] = useState(existing?.guidance ?? "");
  const [schemaText, setSchemaText] = useState(
    existing ? JSON.stringify(existing.form_schema, null, 2) : EXAMPLE_SCHEMA,
  );
  const [uiText, setUiText] = useState(
    existing && Object.keys(existing.ui_schema).length
      ? JSON.stringify(existing.ui_schema, null, 2)
      : "",
  );
  const [outcomes, setOutcomes] = useState<string[]>(existing?.outcomes ?? ["done"]);
  const [due, setDue] = useState<number | string>(existing?.default_due_minutes ?? "");
  const [priority, setPriority] = useState<Priority>(existing?.priority ?? "normal");

  const schemaCheck = useMemo(() => checkFormSchema(schemaText), [schemaText]);
  const uiCheck = useMemo(() => checkJsonObject(uiText, "The UI schema"), [uiText]);
  const badOutcomes = outcomes.filter((o) => !OUTCOME_NAME.test(o));
  const nameProblem =
    !existing && name && !TYPE_NAME.test(name)
      ? "Lower-case letters, digits and _ only, starting with a letter."
      : undefined;

  const save = useMutation({
    mutationFn: () => {
      if (!schemaCheck.ok || !uiCheck.ok) throw new Error("Fix the form schema first.");
      const body: Omit<JobTypeInput, "name"> = {
        label: label.trim(),
        queue: queue.trim(),
        guidance,
        form_schema: schemaCheck.value,
        ui_schema: uiCheck.value,
        outcomes,
        default_due_minutes: due === "" ? null : Number(due),
        priority,
      };
      return existing
        ? jobTypesApi.update(existing.name, { ...body, version: existing.version })
        : jobTypesApi.create({ ...body, name: name.trim() });
    },
    onSuccess: onSaved,
  });
  const errors = serverErrors(save.error);
  const stale = isApiError(save.error) && save.error.status === 409;
  const canSave =
    schemaCheck.ok &&
    uiCheck.ok &&
    badOutcomes.length === 0 &&
    outcomes.length > 0 &&
    !nameProblem &&
    (existing || name.trim()) &&
    label.trim() &&
    queue.trim();

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (canSave) save.mutate();
      }}
      aria-label={existing ? `Edit ${existing.label}` : "New job type"}
    >
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="sm">
            <TextInput
              label="Name"
              description="The machine name journeys refer to; it cannot change later."
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              disabled={Boolean(existing)}
              required
              maxLength={60}
              error={nameProblem ?? errors.name}
              data-autofocus
            />
            <TextInput
              label="Label"
              value={label}
              onChange={(event) => setLabel(event.currentTarget.value)}
              required
              maxLength={120}
              error={errors.label}
            />
            <Autocomplete
              label="Queue"
              description="The role queue that works these jobs."
              data={[...queues]}
              value={queue}
              onChange={setQueue}
              required
              error={errors.queue}
            />
            <Textarea
              label="Guidance"
              description="Shown on the job. Jinja2: {{ contact.name }}, {{ event.order_id }}…"
              autosize
              minRows={3}
              value={guidance}
              onChange={(event) => setGuidance(event.currentTarget.value)}
              error={errors.guidance}
            />
            <TagsInput
              label="Outcomes"
              description="How a job can end; each is an exit of the journey's job step. Press Enter after each."
              value={outcomes}
              onChange={setOutcomes}
              required
              error={
                badOutcomes.length
                  ? `Not a valid outcome name: ${badOutcomes.join(", ")} (lower-case letters, digits, _).`
                  : outcomes.length === 0
                    ? "Add at least one outcome."
                    : errors.outcomes
              }
            />
            <Group grow>
              <NumberInput
                label="Due after (minutes)"
                description="Empty: no due time."
                min={1}
                allowDecimal={false}
                value={due}
                onChange={setDue}
                error={errors.default_due_minutes}
              />
              <Select
                label="Priority"
                data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }))}
                value={priority}
                onChange={(value) => setPriority((value as Priority | null) ?? "normal")}
                allowDeselect={false}
                error={errors.priority}
              />
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="sm">
            <JsonInput
              label="Form schema (JSON Schema)"
              description="What the job form asks; checked as you type."
              value={schemaText}
              onChange={setSchemaText}
              autosize
              minRows={8}
              maxRows={20}
              formatOnBlur
              error={schemaCheck.ok ? errors.form_schema : schemaCheck.error}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            />
            <JsonInput
              label="UI hints (react-jsonschema-form uiSchema, optional)"
              value={uiText}
              onChange={setUiText}
              autosize
              minRows={2}
              maxRows={10}
              formatOnBlur
              error={uiCheck.ok ? errors.ui_schema : uiCheck.error}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            />
            <Paper withBorder radius="md" p="sm" aria-label="Form preview" component="section">
              <Text size="xs" c="dimmed" mb={4}>
                Preview
              </Text>
              {schemaCheck.ok && uiCheck.ok ? (
                <Form
                  schema={schemaCheck.value}
                  uiSchema={{
                    ...(uiCheck.value as UiSchema),
                    "ui:submitButtonOptions": { norender: true },
                  }}
                  validator={jobFormValidator}
                  idPrefix="preview"
                  noValidate
                  showErrorList={false}
                />
              ) : (
                <Text size="sm" c="dimmed">
                  Fix the schema to see the form.
                </Text>
              )}
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      {save.error && (
        <Alert
          mt="md"
          color="red"
          variant="light"
          role="alert"
          title={stale ? "Not saved: someone else changed it" : "Not saved"}
        >
          {save.error.message}
        </Alert>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!canSave}>
          {existing ? "Save changes" : "Create job type"}
        </Button>
      </Group>
    </form>
  );
}
