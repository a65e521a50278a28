import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Input,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import {
  ConditionBuilder,
  type ConditionPickers,
} from "@/components/condition-builder/condition-builder";
import { type FieldChoices, NO_CHOICES } from "@/components/condition-builder/field-choices";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { PageLoader } from "@/components/page-loader/page-loader";
import { paths, segmentPath } from "@/config/paths";
import { api } from "@/lib/api-client";
import { useCan } from "@/lib/authorization";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import type { ConditionGroup } from "@/types/generated/journey";
import type { FieldCatalog } from "@/types/generated/journeys-api";
import {
  previewQueryOptions,
  segmentQueryOptions,
  segmentsQueryOptions,
  useCreateSegment,
  useDeleteSegment,
  useUpdateSegment,
} from "../api/segments";
import {
  EMPTY_CONDITION,
  hasRules,
  nameFromLabel,
  problemLines,
  SEGMENT_RULE_TYPES,
} from "../model/rules";
import type { Segment } from "../types";

interface NamedItem {
  name: string;
  label: string;
}

/** Email templates for the email rules' pickers, when the role may read the journeys catalog. */
function useTemplatePickers(enabled: boolean) {
  return useQuery({
    queryKey: ["journeys", "catalog"],
    queryFn: ({ signal }) =>
      api.get<{ email_templates: NamedItem[]; event_names: string[] }>("/api/v1/journeys/catalog", {
        signal,
      }),
    enabled,
    staleTime: 60_000,
  });
}

/** Contact fields, objects and events with their names, for pickers instead of paths. */
function useFieldChoices(enabled: boolean, eventNames: string[] | undefined): FieldChoices {
  const fields = useQuery({
    queryKey: ["journeys", "catalog", "fields"],
    queryFn: ({ signal }) => api.get<FieldCatalog>("/api/v1/journeys/catalog/fields", { signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
  return useMemo(
    () => ({
      ...NO_CHOICES,
      contact: fields.data?.contact ?? [],
      objects: (fields.data?.objects ?? {}) as FieldChoices["objects"],
      events: (fields.data?.events ?? {}) as FieldChoices["events"],
      eventNames: eventNames ?? [],
    }),
    [fields.data, eventNames],
  );
}

function LiveCount({ condition, name }: { condition: ConditionGroup; name: string | null }) {
  const [debounced] = useDebouncedValue(condition, 300);
  const preview = useQuery({
    ...previewQueryOptions(debounced, name),
    enabled: hasRules(debounced),
  });
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="count-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="count-title">
          Contacts in this segment
        </Title>
        {!hasRules(debounced) ? (
          <Text c="dimmed" size="sm">
            Add a rule to count contacts.
          </Text>
        ) : preview.isError ? (
          <Alert color="red" variant="light" title="This condition cannot be counted">
            <List size="sm">
              {problemLines(preview.error).map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <>
            <Group gap="xs" align="baseline" aria-live="polite">
              <Text size="xl" fw={700} data-testid="segment-count">
                {preview.data?.count ?? "…"}
              </Text>
              <Text size="sm" c="dimmed">
                contacts now
              </Text>
              {preview.isFetching && <Loader size="xs" aria-label="Counting" />}
            </Group>
            {preview.data && preview.data.sample.length > 0 && (
              <Stack gap={2}>
                <Text size="xs" c="dimmed">
                  For example:
                </Text>
                {preview.data.sample.map((contact) => (
                  <Anchor
                    key={contact.id}
                    component={Link}
                    to={`${paths.contacts}/${contact.id}`}
                    size="sm"
                  >
                    {contact.name || contact.email || contact.id}
                  </Anchor>
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

function Editor({ segment }: { segment: Segment | null }) {
  const navigate = useNavigate();
  const canEdit = useCan(["segments:write"]);
  const canReadJourneys = useCan(["journeys:read"]);
  const [label, setLabel] = useState(segment?.label ?? "");
  const [name, setName] = useState(segment?.name ?? "");
  const [nameTouched, setNameTouched] = useState(false);
  const [description, setDescription] = useState(segment?.description ?? "");
  const [condition, setCondition] = useState<ConditionGroup>(segment?.condition ?? EMPTY_CONDITION);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [deleting, setDeleting] = useState(false);
  const create = useCreateSegment();
  const update = useUpdateSegment(segment?.id ?? "");
  const remove = useDeleteSegment();
  const segments = useQuery(segmentsQueryOptions);
  const catalog = useTemplatePickers(canReadJourneys);
  const choices = useFieldChoices(canReadJourneys, catalog.data?.event_names);
  const shownName = segment ? segment.name : nameTouched ? name : nameFromLabel(label);

  const pickers = useMemo<ConditionPickers>(
    () => ({
      email_templates: (catalog.data?.email_templates ?? []).map((t) => ({
        value: t.name,
        label: t.label,
      })),
      segments: (segments.data ?? [])
        .filter((s) => s.name !== segment?.name)
        .map((s) => ({ value: s.name, label: s.label })),
    }),
    [catalog.data, segments.data, segment?.name],
  );

  const onError = (error: unknown) => {
    const found = fieldErrorsOf(error, ["name", "label", "description"]);
    setErrors(found);
    const lines = problemLines(error);
    setProblems(Object.keys(found).length > 0 ? [] : lines);
    if (Object.keys(found).length === 0 && lines.length === 0)
      notifyError(error, "Could not save the segment");
  };

  const save = () => {
    if (segment) {
      update.mutate(
        { label, description, condition },
        {
          onSuccess: () => {
            setErrors({});
            setProblems([]);
            notifySuccess("Segment saved.");
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { name: shownName, label, description, condition },
        {
          onSuccess: (saved) => {
            notifySuccess(`Segment “${saved.label}” saved.`);
            navigate(segmentPath(saved.id), { replace: true });
          },
          onError,
        },
      );
    }
  };

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={paths.segments} size="sm">
        ← All segments
      </Anchor>
      <PageHeader
        title={segment ? segment.label : "New segment"}
        description="Contacts who match these rules, counted as you edit."
        actions={
          segment &&
          canEdit && (
            <Button variant="default" color="red" onClick={() => setDeleting(true)}>
              Delete…
            </Button>
          )
        }
      />
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Card
          withBorder
          radius="md"
          padding="md"
          style={{ gridColumn: "span 2" }}
          component="form"
          onSubmit={(e: React.FormEvent) => {
            e.preventDefault();
            save();
          }}
        >
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label="Label"
                required
                value={label}
                error={errors.label}
                readOnly={!canEdit}
                onChange={(e) => setLabel(e.currentTarget.value)}
              />
              <TextInput
                label="Name in journeys"
                description={segment ? "Never changes." : "Lower case, digits and _."}
                value={shownName}
                error={errors.name}
                readOnly={!!segment || !canEdit}
                onChange={(e) => {
                  setNameTouched(true);
                  setName(e.currentTarget.value);
                }}
              />
            </SimpleGrid>
            <Textarea
              label="Description"
              autosize
              minRows={1}
              value={description}
              readOnly={!canEdit}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
            <Input.Wrapper label="Rules" id="segment-rules">
              <div style={{ marginTop: 4 }}>
                <ConditionBuilder
                  value={condition}
                  onChange={setCondition}
                  pickers={pickers}
                  choices={choices}
                  ruleTypes={SEGMENT_RULE_TYPES}
                  disabled={!canEdit}
                />
              </div>
            </Input.Wrapper>
            {problems.length > 0 && (
              <Alert color="red" variant="light" title="The segment was not saved">
                <List size="sm">
                  {problems.map((line) => (
                    <List.Item key={line}>{line}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {canEdit && (
              <Group justify="flex-end">
                <Button
                  type="submit"
                  loading={create.isPending || update.isPending}
                  disabled={!label.trim() || !hasRules(condition)}
                >
                  Save segment
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
        <LiveCount condition={condition} name={segment?.name ?? (shownName || null)} />
      </SimpleGrid>
      {segment && (
        <ConfirmModal
          opened={deleting}
          title="Delete this segment?"
          confirmLabel="Delete"
          danger
          loading={remove.isPending}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            remove.mutate(segment.id, {
              onSuccess: () => {
                notifySuccess(`Segment “${segment.label}” deleted.`);
                navigate(paths.segments);
              },
              onError: (error) => notifyError(error, "Could not delete the segment"),
            })
          }
        >
          Journeys that use “{segment.name}” will show a problem until it is replaced.
        </ConfirmModal>
      )}
    </Stack>
  );
}

export function SegmentEditorPage() {
  const { id } = useParams();
  const segment = useQuery({ ...segmentQueryOptions(id ?? ""), enabled: !!id });
  useDocumentTitle(`${segment.data?.label ?? "New segment"} · Segments · Waymark`);
  if (!id) return <Editor segment={null} />;
  if (segment.isLoading) return <PageLoader />;
  if (!segment.data) return <LoadError what="this segment" error={segment.error} />;
  return <Editor key={segment.data.id} segment={segment.data} />;
}
