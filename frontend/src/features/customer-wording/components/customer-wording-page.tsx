import { Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
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

function StageRow({ jobType, item }: { jobType: string; item: StageWords }) {
  const [draft, setDraft] = useState(item.words ?? "");
  const [error, setError] = useState<string | null>(null);
  const save = useSaveStageWords();
  const reset = useResetStageWords();
  const name = stageName(item.stage);
  const changed = draft.trim() !== (item.words ?? "") && draft.trim() !== "";

  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {name}
        </Text>
        {item.words !== null && (
          <Badge variant="light" color="blue" tt="none" mt={4}>
            Changed
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {item.default_words}
        </Text>
      </Table.Td>
      <Table.Td miw={280}>
        <TextInput
          aria-label={`Customers read at “${name}”`}
          placeholder={item.default_words}
          value={draft}
          maxLength={MAX_WORDS}
          error={error}
          onChange={(event) => {
            setDraft(event.currentTarget.value);
            setError(null);
          }}
        />
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button
            size="xs"
            disabled={!changed}
            loading={save.isPending}
            aria-label={`Save the words for ${name}`}
            onClick={() =>
              save.mutate(
                { jobType, stage: item.stage, words: draft },
                {
                  onSuccess: (saved) => {
                    setDraft(saved.words ?? "");
                    notifySuccess(`Customers now read “${saved.words}” at ${name}.`);
                  },
                  onError: (failure) => {
                    const fields = fieldErrorsOf(failure, ["words", "stage"]);
                    const message = fields.words ?? fields.stage;
                    if (message) setError(message);
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
              loading={reset.isPending}
              aria-label={`Use the default words for ${name}`}
              onClick={() =>
                reset.mutate(
                  { jobType, stage: item.stage },
                  {
                    onSuccess: () => {
                      setDraft("");
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
      </Table.Td>
    </Table.Tr>
  );
}

function StagesTable({ type }: { type: JobTypeWords }) {
  return (
    <Card withBorder radius="md" padding={0}>
      <TableScroll label={`Stages of ${type.label}`} minWidth={860}>
        <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={`Stages of ${type.label}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Stage</Table.Th>
              <Table.Th>Default words</Table.Th>
              <Table.Th>Customers read</Table.Th>
              <Table.Th ta="right">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {type.stages.map((item) => (
              // Keyed by the saved words too, so a save or reset refreshes the draft.
              <StageRow
                key={`${type.job_type}:${item.stage}:${item.words ?? ""}`}
                jobType={type.job_type}
                item={item}
              />
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Card>
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
          <StagesTable type={current} />
        </>
      )}
    </Stack>
  );
}
