import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ConditionBuilder } from "@/components/condition-builder/condition-builder";
import { isApiError } from "@/lib/api-client";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifySuccess } from "@/lib/notify";
import { useSaveProcess } from "../api/processes";
import { projectQueryOptions, projectsQueryOptions } from "../api/projects";
import { FREQUENCIES, PLACEMENTS } from "../model/processes";
import type { ConditionGroup, Frequency, Placement, ProcessInput, ProcessView } from "../types";

const EMPTY: ConditionGroup = { type: "group", op: "all", rules: [] };
const FIELDS = [
  "name",
  "priority",
  "source_ids",
  "destination_id",
  "placement",
  "bucket_id",
  "outcomes",
  "frequency",
  "daily_at",
] as const;

interface Values {
  name: string;
  priority: number | string;
  source_ids: string[];
  destination_id: string | null;
  placement: Placement;
  bucket_id: string | null;
  outcomes: string[];
  withCondition: boolean;
  condition: ConditionGroup;
  frequency: Frequency;
  daily_at: string;
}

export function ProcessModal({
  editing,
  onClose,
}: {
  editing: { process: ProcessView | null } | null;
  onClose: () => void;
}) {
  const process = editing?.process ?? null;
  return (
    <Modal
      opened={editing !== null}
      onClose={onClose}
      title={process ? `Edit: ${process.name}` : "New automatic process"}
      size="xl"
    >
      {editing && <ProcessForm key={process?.id ?? "new"} process={process} onClose={onClose} />}
    </Modal>
  );
}

function ProcessForm({ process, onClose }: { process: ProcessView | null; onClose: () => void }) {
  const save = useSaveProcess();
  const projects = useQuery(projectsQueryOptions);
  const form = useForm<Values>({
    initialValues: {
      name: process?.name ?? "",
      priority: process?.priority ?? 1,
      source_ids: process?.sources.map((s) => s.id) ?? [],
      destination_id: process?.destination.id ?? null,
      placement: process?.placement ?? "new_bucket",
      bucket_id: process?.bucket?.id ?? null,
      outcomes: process?.criteria.outcomes ?? [],
      withCondition: Boolean(process?.criteria.condition),
      condition: process?.criteria.condition ?? EMPTY,
      frequency: process?.frequency ?? "15m",
      daily_at: process?.daily_at ?? "09:00",
    },
    validate: {
      name: (v) => (v.trim() ? null : "Name the process, e.g. Bookings to Booked meetings."),
      source_ids: (v) => (v.length ? null : "Choose at least one source project."),
      destination_id: (v, values) =>
        !v
          ? "Choose the destination project."
          : values.source_ids.includes(v)
            ? "The destination cannot be one of the sources."
            : null,
      outcomes: (v) => (v.length ? null : "Choose at least one outcome."),
      bucket_id: (v, values) =>
        values.placement === "bucket" && !v ? "Choose the bucket the cards go into." : null,
    },
  });
  const { values } = form;
  const sources = useQueries({
    queries: values.source_ids.map((id) => projectQueryOptions(id)),
  });
  const destination = useQuery({
    ...projectQueryOptions(values.destination_id ?? ""),
    enabled: Boolean(values.destination_id),
  });
  const outcomeNames = useMemo(() => {
    const names = new Set<string>(values.outcomes);
    for (const source of sources) for (const o of source.data?.outcomes ?? []) names.add(o.name);
    return [...names];
  }, [sources, values.outcomes]);
  const projectChoices = (projects.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  const takesBucket = values.placement === "bucket" || values.placement === "same_user";

  const submit = form.onSubmit((v) => {
    const body: ProcessInput = {
      name: v.name.trim(),
      priority: Number(v.priority),
      source_ids: v.source_ids,
      destination_id: v.destination_id ?? "",
      placement: v.placement,
      bucket_id: takesBucket ? v.bucket_id : null,
      criteria: {
        outcomes: v.outcomes,
        condition: v.withCondition && v.condition.rules?.length ? v.condition : null,
      },
      frequency: v.frequency,
      daily_at: v.frequency === "1d" ? v.daily_at : null,
    };
    save.mutate(
      { ...body, ...(process ? { id: process.id } : {}) },
      {
        onSuccess: (saved) => {
          notifySuccess(`“${saved.name}” saved.`);
          onClose();
        },
        onError: (error) => form.setErrors(fieldErrorsOf(error, FIELDS)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {save.error && (
          <Alert color="red" variant="light" title="The process was not saved">
            {isApiError(save.error) ? save.error.message : String(save.error)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" required maxLength={120} {...form.getInputProps("name")} />
          <NumberInput
            label="Priority"
            description="Processes run in this order, 1 first."
            min={1}
            max={1000}
            allowDecimal={false}
            {...form.getInputProps("priority")}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MultiSelect
            label="Source projects"
            data={projectChoices}
            searchable
            required
            {...form.getInputProps("source_ids")}
          />
          <Select
            label="Destination project"
            data={projectChoices}
            searchable
            required
            {...form.getInputProps("destination_id")}
          />
        </SimpleGrid>
        <MultiSelect
          label="Outcomes"
          description="Cards processed with one of these move."
          data={outcomeNames}
          searchable
          required
          {...form.getInputProps("outcomes")}
        />
        <Switch
          label="Only contacts meeting a condition"
          {...form.getInputProps("withCondition", { type: "checkbox" })}
        />
        {values.withCondition && (
          <ConditionBuilder
            value={values.condition}
            onChange={(group) => form.setFieldValue("condition", group)}
            pickers={{}}
            ruleTypes={["contact_field", "has_tag", "event_history"]}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Where cards go in the destination"
            description={PLACEMENTS.find((p) => p.value === values.placement)?.description}
            data={PLACEMENTS.map(({ value, label }) => ({ value, label }))}
            allowDeselect={false}
            {...form.getInputProps("placement")}
          />
          {takesBucket && (
            <Select
              label={values.placement === "bucket" ? "Bucket" : "Bucket when the user is missing"}
              placeholder={
                values.placement === "same_user" ? "One named after the source project" : undefined
              }
              data={(destination.data?.buckets ?? []).map((b) => ({ value: b.id, label: b.name }))}
              clearable={values.placement === "same_user"}
              {...form.getInputProps("bucket_id")}
            />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Frequency"
            data={FREQUENCIES}
            allowDeselect={false}
            {...form.getInputProps("frequency")}
          />
          {values.frequency === "1d" && (
            <TextInput type="time" label="At (UTC)" {...form.getInputProps("daily_at")} />
          )}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
