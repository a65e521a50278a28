/**
 * The step's template, edited without leaving the canvas: the same texts, variable picker
 * and live preview as the Templates page (src/components/template-editor), rendered with
 * what this journey gives the template — the events it starts on or waits for, and the
 * journey variables its webhooks save. Saving writes the template itself (every step and
 * journey that uses it sees the change); a new template becomes the step's template.
 */
import {
  Alert,
  Button,
  Drawer,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { PreviewPane } from "@/components/template-editor/preview-pane";
import { SampleDataField } from "@/components/template-editor/sample-data-field";
import { parseSampleJson } from "@/components/template-editor/sample-json";
import {
  partsOf,
  TemplateParts,
  type TemplateTexts,
} from "@/components/template-editor/template-parts";
import { templatePath } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifySuccess } from "@/lib/notify";
import {
  createTemplate,
  templateKeys,
  templatesQueryOptions,
  updateTemplate,
} from "@/lib/templates/api";
import { PreviewContactSelect } from "@/lib/templates/preview-contact-select";
import { KIND_LABELS, type Template, type TemplateWrite } from "@/lib/templates/types";
import { useTemplatePreview } from "@/lib/templates/use-template-preview";
import { journeyKeys, sampleEventQueryOptions } from "../../api/journeys";
import {
  eventNamesOf,
  journeyVariablesOf,
  type StepTemplateKind,
  templateNameFrom,
} from "../../model/template-context";
import { useEditorStore } from "../../store/editor-store";

/** Which template the drawer edits: a saved one by name, or a new one (`name: null`). */
export interface TemplateTarget {
  kind: StepTemplateKind;
  name: string | null;
}

interface TemplateDrawerProps {
  target: TemplateTarget | null;
  onClose: () => void;
  /** A new template was saved: the step should use it. */
  onCreated: (name: string) => void;
}

const FIELDS = ["name", "label", "channel", "subject", "body_html", "body_text"] as const;

export function TemplateDrawer({ target, onClose, onCreated }: TemplateDrawerProps) {
  const templates = useQuery({ ...templatesQueryOptions(), enabled: target !== null });
  const existing =
    target?.name != null
      ? (templates.data ?? []).find((t) => t.name === target.name && t.channel === target.kind)
      : undefined;
  const title = !target
    ? ""
    : target.name === null
      ? `New ${KIND_LABELS[target.kind].toLowerCase()} template`
      : `Template: ${existing?.label ?? target.name}`;
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="min(1100px, 100vw)"
      title={title}
      closeButtonProps={{ "aria-label": "Close the template editor" }}
    >
      {target && target.name !== null && templates.isPending && <Text size="sm">Loading…</Text>}
      {target && target.name !== null && templates.isSuccess && !existing && (
        <Alert color="red" title="No such template">
          There is no {KIND_LABELS[target.kind].toLowerCase()} template called “{target.name}”. Pick
          another, or make a new one.
        </Alert>
      )}
      {templates.error && (
        <Alert color="red" title="Could not load the templates">
          {templates.error.message}
        </Alert>
      )}
      {target && (target.name === null || existing) && (
        <TemplateDrawerBody
          key={existing?.id ?? `new-${target.kind}`}
          kind={target.kind}
          template={existing ?? null}
          onClose={onClose}
          onCreated={onCreated}
        />
      )}
    </Drawer>
  );
}

interface BodyProps {
  kind: StepTemplateKind;
  template: Template | null;
  onClose: () => void;
  onCreated: (name: string) => void;
}

function TemplateDrawerBody({ kind, template, onClose, onCreated }: BodyProps) {
  const queryClient = useQueryClient();
  const canWrite = useCan(["journeys:write"]);
  const readOnly = useEditorStore((s) => s.readOnly) || !canWrite;
  const canReadEvents = useCan(["events:read"]);
  const nodes = useEditorStore((s) => s.nodes);
  const [label, setLabel] = useState(template?.label ?? "");
  const [name, setName] = useState(template?.name ?? "");
  const [nameEdited, setNameEdited] = useState(false);
  const [texts, setTexts] = useState<TemplateTexts>({
    subject: template?.subject ?? "",
    body_html: template?.body_html ?? "",
    body_text: template?.body_text ?? "",
  });
  const [contactId, setContactId] = useState<string | null>(null);

  // The renderer's `event` (and, without an object of its own, `object`) is the event that
  // started the journey or the last one it waited for: offer the journey's event names.
  const eventNames = useMemo(() => eventNamesOf(nodes), [nodes]);
  const journeyVariables = useMemo(() => journeyVariablesOf(nodes), [nodes]);
  const [eventName, setEventName] = useState<string | null>(eventNames[0] ?? null);
  const seen = useQuery({
    ...sampleEventQueryOptions(eventName ?? "", contactId),
    enabled: eventName !== null && canReadEvents,
  });
  const [sampleEvent, setSampleEvent] = useState("{}");
  const [sampleEdited, setSampleEdited] = useState(false);
  useEffect(() => {
    if (seen.data && !sampleEdited) setSampleEvent(JSON.stringify(seen.data, null, 2));
  }, [seen.data, sampleEdited]);
  const event = useMemo(() => parseSampleJson(sampleEvent), [sampleEvent]);
  const eventValue = "value" in event ? event.value : {};

  const parts = partsOf(kind);
  const preview = useTemplatePreview({
    channel: kind,
    subject: parts.subject ? texts.subject : null,
    body_html: parts.body_html ? texts.body_html : "",
    body_text: parts.body_text ? texts.body_text : "",
    contact_id: contactId,
    event: eventValue,
    object: eventValue,
    journey: journeyVariables,
  });

  const save = useMutation({
    mutationFn: (data: TemplateWrite) =>
      template ? updateTemplate(template.id, data) : createTemplate(data),
    onSuccess: async (saved) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: templateKeys.all }),
        queryClient.invalidateQueries({ queryKey: journeyKeys.catalog() }),
      ]);
      notifySuccess(`“${saved.label}” saved.`);
      if (!template) onCreated(saved.name);
    },
  });
  const errors = fieldErrorsOf(save.error, FIELDS);
  const submit = () =>
    save.mutate({
      name: name.trim(),
      label: label.trim(),
      channel: kind,
      subject: parts.subject ? texts.subject : null,
      body_html: parts.body_html ? texts.body_html : "",
      body_text: parts.body_text ? texts.body_text : "",
    });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {template ? (
          <>
            Changes apply to every step and journey that sends <code>{template.name}</code>.{" "}
            <Link to={templatePath(template.id)}>Open it on the Templates page</Link>
          </>
        ) : (
          "Saved as a template other steps can use too; this step will send it."
        )}
      </Text>
      {save.error && Object.keys(errors).length === 0 && (
        <Alert color="red" title="Not saved">
          {save.error.message}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="sm" component="section" aria-label="Template texts">
          <Group grow align="flex-start">
            <TextInput
              label="Label"
              description="What people see in lists and pickers."
              required
              value={label}
              readOnly={readOnly}
              error={errors.label}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setLabel(value);
                if (!template && !nameEdited) setName(templateNameFrom(value));
              }}
            />
            <TextInput
              label="Name"
              description={template ? "What steps use; fixed." : "What steps use; a–z, 0–9, _."}
              required
              ff="monospace"
              value={name}
              readOnly={readOnly || template !== null}
              error={errors.name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setNameEdited(true);
              }}
            />
          </Group>
          <TemplateParts
            kind={kind}
            value={texts}
            onChange={setTexts}
            variables={preview.data?.variables ?? []}
            errors={errors}
            readOnly={readOnly}
            compact
          />
        </Stack>
        <PreviewPane
          preview={preview.data}
          loading={preview.isFetching}
          failure={preview.error}
          sources={texts}
          idPrefix="step-template"
          htmlHeight={260}
        >
          <PreviewContactSelect value={contactId} onChange={setContactId} />
          {eventNames.length > 0 && (
            <Select
              label="Sample event"
              description={
                canReadEvents
                  ? "The latest one seen (the contact's own when there is one)."
                  : "What this journey starts on or waits for."
              }
              data={eventNames}
              value={eventName}
              allowDeselect={false}
              onChange={(value) => {
                setEventName(value);
                setSampleEdited(false);
              }}
            />
          )}
          <SampleDataField
            label="Event and object data"
            description="JSON the template reads as event.… and object.…; edit it to try other values."
            value={sampleEvent}
            onChange={(text) => {
              setSampleEvent(text);
              setSampleEdited(true);
            }}
          />
        </PreviewPane>
      </SimpleGrid>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        {!readOnly && (
          <Button onClick={submit} loading={save.isPending}>
            {template ? "Save template" : "Create template"}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
