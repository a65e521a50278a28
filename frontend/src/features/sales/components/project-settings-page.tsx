import {
  Alert,
  Anchor,
  Button,
  FileButton,
  Group,
  List,
  MultiSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { PageLoader } from "@/components/page-loader/page-loader";
import { salesProjectPath } from "@/config/paths";
import { isApiError } from "@/lib/api-client";
import { notifyError, notifySuccess } from "@/lib/notify";
import {
  peopleQueryOptions,
  projectQueryOptions,
  useCreateBucket,
  useDeleteBucket,
  useImportCards,
  useReplaceMembers,
  useReplaceOutcomes,
  useReplaceStages,
  useUpdateBucket,
} from "../api/projects";
import type { ImportReport, OutcomeInput, ProjectDetail } from "../types";
import { ListEditor, type ListItem } from "./list-editor";

/** A project's make-up, for sales managers: outcomes, stages, members, buckets, and a CSV
 * import of cards. */
export function ProjectSettingsPage() {
  const { id = "" } = useParams();
  const project = useQuery(projectQueryOptions(id));
  useDocumentTitle(`${project.data?.name ?? "Project"} settings · Waymark`);
  if (project.isPending) return <PageLoader />;
  if (project.error) return <LoadError error={project.error} what="the project" />;
  const p = project.data;
  return (
    <Stack gap="lg">
      <PageHeader
        title={`${p.name}: settings`}
        description={
          <Anchor component={Link} to={salesProjectPath(p.id)}>
            Back to the board
          </Anchor>
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title="Outcomes">
          <OutcomesForm key={p.updated_at + p.outcomes.map((o) => o.id).join()} project={p} />
        </Section>
        <Section title="Funnel stages">
          <StagesForm key={p.stages.map((s) => s.id).join()} project={p} />
        </Section>
        <Section title="Members">
          <MembersForm key={p.members.map((m) => m.id).join()} project={p} />
        </Section>
        <Section title="Buckets">
          <Buckets project={p} />
        </Section>
      </SimpleGrid>
      <Section title="Import cards from a CSV">
        <ImportForm project={p} />
      </Section>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function OutcomesForm({ project }: { project: ProjectDetail }) {
  const [items, setItems] = useState<OutcomeInput[]>(
    project.outcomes.map((o) => ({ id: o.id, name: o.name, is_booking: o.is_booking })),
  );
  const save = useReplaceOutcomes(project.id);
  return (
    <Stack gap="sm">
      <ListEditor label="Outcome list" items={items} onChange={setItems} withBooking />
      {save.error && <Alert color="red">{save.error.message}</Alert>}
      <Group>
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              items.map((o) => ({ ...o, name: o.name.trim() })),
              { onSuccess: () => notifySuccess("Outcomes saved.") },
            )
          }
        >
          Save outcomes
        </Button>
      </Group>
    </Stack>
  );
}

function StagesForm({ project }: { project: ProjectDetail }) {
  const [items, setItems] = useState<ListItem[]>(
    project.stages.map((s) => ({ id: s.id, name: s.name })),
  );
  const save = useReplaceStages(project.id);
  return (
    <Stack gap="sm">
      <ListEditor label="Stages" items={items} onChange={setItems} />
      {save.error && <Alert color="red">{save.error.message}</Alert>}
      <Group>
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              items.map((s) => ({ id: s.id ?? null, name: s.name.trim() })),
              { onSuccess: () => notifySuccess("Stages saved.") },
            )
          }
        >
          Save stages
        </Button>
      </Group>
    </Stack>
  );
}

function MembersForm({ project }: { project: ProjectDetail }) {
  const people = useQuery(peopleQueryOptions);
  const [chosen, setChosen] = useState(project.members.map((m) => m.id));
  const save = useReplaceMembers(project.id);
  const choices = [
    ...(people.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.email})` })),
    // A member deactivated since is still listed until removed.
    ...project.members
      .filter((m) => !(people.data ?? []).some((p) => p.id === m.id))
      .map((m) => ({ value: m.id, label: `${m.name} (inactive)` })),
  ];
  return (
    <Stack gap="sm">
      <MultiSelect
        label="Users who work this project"
        data={choices}
        value={chosen}
        onChange={setChosen}
        searchable
      />
      {save.error && <Alert color="red">{save.error.message}</Alert>}
      <Group>
        <Button
          loading={save.isPending}
          onClick={() => save.mutate(chosen, { onSuccess: () => notifySuccess("Members saved.") })}
        >
          Save members
        </Button>
      </Group>
    </Stack>
  );
}

function Buckets({ project }: { project: ProjectDetail }) {
  const create = useCreateBucket(project.id);
  const update = useUpdateBucket(project.id);
  const remove = useDeleteBucket(project.id);
  const [name, setName] = useState("");
  const members = project.members.map((m) => ({ value: m.id, label: m.name }));
  return (
    <Stack gap="sm">
      {project.buckets.map((bucket) => (
        <Group key={bucket.id} align="flex-end" wrap="nowrap">
          <MultiSelect
            label={`${bucket.name} (${bucket.cards} cards) is handed to`}
            data={members}
            value={bucket.user_ids}
            onChange={(user_ids) =>
              update.mutate({ id: bucket.id, user_ids }, { onError: (e) => notifyError(e) })
            }
            flex={1}
          />
          <Button
            variant="subtle"
            color="red"
            aria-label={`Remove bucket ${bucket.name}`}
            onClick={() => remove.mutate(bucket.id, { onError: (e) => notifyError(e) })}
          >
            Remove
          </Button>
        </Group>
      ))}
      <Group align="flex-end">
        <TextInput
          label="New bucket"
          value={name}
          maxLength={120}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <Button
          variant="light"
          disabled={!name.trim()}
          loading={create.isPending}
          onClick={() =>
            create.mutate(
              { name: name.trim(), user_ids: [] },
              { onSuccess: () => setName(""), onError: (e) => notifyError(e) },
            )
          }
        >
          Add bucket
        </Button>
      </Group>
    </Stack>
  );
}

interface RowProblem {
  field: string;
  message: string;
}

/** The rows the import refused (`rows[3].email`), from the problem's `errors`. */
function rowProblems(error: unknown): RowProblem[] {
  const errors = isApiError(error) ? error.problem?.errors : undefined;
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (e): e is RowProblem =>
      typeof e === "object" &&
      e !== null &&
      typeof (e as RowProblem).field === "string" &&
      typeof (e as RowProblem).message === "string",
  );
}

function ImportForm({ project }: { project: ProjectDetail }) {
  const [text, setText] = useState("");
  const [report, setReport] = useState<ImportReport | null>(null);
  const importCards = useImportCards(project.id);
  const problems = rowProblems(importCards.error);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        A header row, then one card a row: email, external_id or phone (at least one), and
        optionally name, bucket, stage, holder (a member's email). One bad row and nothing is
        imported.
      </Text>
      <Group>
        <FileButton accept=".csv,text/csv" onChange={(file) => file?.text().then(setText)}>
          {(props) => (
            <Button variant="default" {...props}>
              Choose a CSV file
            </Button>
          )}
        </FileButton>
      </Group>
      <Textarea
        label="CSV"
        autosize
        minRows={4}
        maxRows={12}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        placeholder={"email,name,bucket\nada@example.com,Ada Lovelace,Hot leads"}
      />
      {importCards.error && (
        <Alert color="red" variant="light" title="Nothing was imported">
          {problems.length ? (
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={`${p.field}:${p.message}`}>
                  {p.field.replace(/^rows\[(\d+)\]\.?/, "Row $1 ")}: {p.message}
                </List.Item>
              ))}
            </List>
          ) : (
            importCards.error.message
          )}
        </Alert>
      )}
      {report && !importCards.error && (
        <Alert color="green" variant="light" title="Imported">
          {report.created} cards made from {report.rows} rows ({report.already_there} already there,{" "}
          {report.contacts_created} new contacts).
        </Alert>
      )}
      <Group>
        <Button
          disabled={!text.trim()}
          loading={importCards.isPending}
          onClick={() => importCards.mutate(text, { onSuccess: setReport })}
        >
          Import
        </Button>
      </Group>
    </Stack>
  );
}
