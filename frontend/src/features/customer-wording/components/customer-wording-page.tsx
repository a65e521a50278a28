import { Badge, Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import {
  customerWordingQueryOptions,
  useResetStageWords,
  useSaveStageWords,
} from "../api/customer-wording";
import type { JobTypeWords, StageWords } from "../types";

const STAGE_NAMES: Record<string, string> = {
  created: "Job created",
  claimed: "Picked up",
  on_hold: "On hold",
  completed: "Completed (any outcome)",
};

/** `completed:no_access` → "Completed: no access". */
export function stageName(stage: string): string {
  const [base = "", outcome] = stage.split(":", 2);
  if (outcome) return `Completed: ${outcome.replaceAll("_", " ")}`;
  return STAGE_NAMES[base] ?? base;
}

const MAX_WORDS = 200;

/**
 * Each stage of a job type: its default words, what customers read (an input), and Save or
 * back to the default. The drafts are kept by stage; a saved or reset stage drops its draft
 * and shows what the server holds.
 */
function StagesTable({ type }: { type: JobTypeWords }) {
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveStageWords();
  const reset = useResetStageWords();
  const draftOf = (item: StageWords) => drafts[item.stage] ?? item.words ?? "";
  const forget = (stage: string) => {
    setDrafts(({ [stage]: _dropped, ...rest }) => rest);
    setErrors(({ [stage]: _dropped, ...rest }) => rest);
  };

  return (
    <DataTable
      label={`Stages of ${type.label}`}
      minWidth={860}
      query={type.stages}
      rowKey="stage"
      emptyText="This job type has no stages."
      columns={[
        {
          header: "Stage",
          cell: (item) => (
            <>
              <Text size="sm" fw={600}>
                {stageName(item.stage)}
              </Text>
              {item.words !== null && (
                <Badge variant="light" color="blue" tt="none" mt={4}>
                  Changed
                </Badge>
              )}
            </>
          ),
        },
        {
          header: "Default words",
          cell: (item) => (
            <Text size="sm" c="dimmed">
              {item.default_words}
            </Text>
          ),
        },
        {
          header: "Customers read",
          minWidth: 280,
          cell: (item) => (
            <TextInput
              aria-label={`Customers read at “${stageName(item.stage)}”`}
              placeholder={item.default_words}
              value={draftOf(item)}
              maxLength={MAX_WORDS}
              error={errors[item.stage]}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setDrafts((current) => ({ ...current, [item.stage]: value }));
                setErrors(({ [item.stage]: _dropped, ...rest }) => rest);
              }}
            />
          ),
        },
        {
          header: "Actions",
          align: "right",
          card: "actions",
          noWrap: true,
          cell: (item) => {
            const name = stageName(item.stage);
            const draft = draftOf(item);
            const changed = draft.trim() !== (item.words ?? "") && draft.trim() !== "";
            return (
              <Group gap="xs" justify="flex-end" wrap="nowrap">
                <Button
                  size="xs"
                  disabled={!changed}
                  loading={save.isPending && save.variables?.stage === item.stage}
                  aria-label={`Save the words for ${name}`}
                  onClick={() =>
                    save.mutate(
                      { jobType: type.job_type, stage: item.stage, words: draft },
                      {
                        onSuccess: (saved) => {
                          forget(item.stage);
                          notifySuccess(`Customers now read “${saved.words}” at ${name}.`);
                        },
                        onError: (failure) => {
                          const fields = fieldErrorsOf(failure, ["words", "stage"]);
                          const message = fields.words ?? fields.stage;
                          if (message)
                            setErrors((current) => ({ ...current, [item.stage]: message }));
                          else notifyError(failure, "Could not save the words");
                        },
                      },
                    )
                  }
                >
                  Save
                </Button>
                {item.words !== null && (
                  <Button
                    size="xs"
                    variant="subtle"
                    loading={reset.isPending && reset.variables?.stage === item.stage}
                    aria-label={`Use the default words for ${name}`}
                    onClick={() =>
                      reset.mutate(
                        { jobType: type.job_type, stage: item.stage },
                        {
                          onSuccess: () => {
                            forget(item.stage);
                            notifySuccess(`${name} is back to the default words.`);
                          },
                          onError: (failure) => notifyError(failure, "Could not reset the words"),
                        },
                      )
                    }
                  >
                    Use default
                  </Button>
                )}
              </Group>
            );
          },
        },
      ]}
    />
  );
}

/** `/customer-wording`: what customers read in the portal as each job type moves on. */
export function CustomerWordingPage() {
  useDocumentTitle("Customer wording · Waymark");
  const types = useQuery(customerWordingQueryOptions);
  const [picked, setPicked] = useState<string | null>(null);
  const list = types.data ?? [];
  const current = list.find((type) => type.job_type === picked) ?? list[0];

  return (
    <Stack gap="lg">
      <PageHeader
        title="Customer wording"
        description="What customers read in the portal as the jobs on their orders, returns and appointments move on. Leave a stage empty to use the default words."
      />
      <LoadError what="the customer wording" error={types.error} />
      {types.isPending && <Text c="dimmed">Loading job types…</Text>}
      {types.data?.length === 0 && <Text c="dimmed">There are no job types yet.</Text>}
      {current && (
        <>
          <Select
            label="Job type"
            data={list.map((type) => ({ value: type.job_type, label: type.label }))}
            value={current.job_type}
            onChange={(value) => setPicked(value)}
            allowDeselect={false}
            searchable
            maw={360}
          />
          <StagesTable key={current.job_type} type={current} />
        </>
      )}
    </Stack>
  );
}
