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
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useMemo, useState } from "react";
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
import { channelWord } from "@/lib/channels";
import { fieldErrorsOf } from "@/lib/field-errors";
import { templatesQueryOptions } from "@/lib/templates/api";
import { PreviewContactSelect } from "@/lib/templates/preview-contact-select";
import type { Preview, Template } from "@/lib/templates/types";
import { useSaveTemplate } from "@/lib/templates/use-save-template";
import { useTemplatePreview } from "@/lib/templates/use-template-preview";
import { journeyKeys, sampleEventQueryOptions } from "../../api/journeys";
import {
  eventNamesOf,
  journeyVariablesOf,
  type StepTemplateKind,
  type StepText,
  templateNameFrom,
} from "../../model/template-context";
import { useEditorStore } from "../../store/editor-store";
import { useVariableOptions } from "./use-variable-options";

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

interface StepTextDrawerProps {
  /** The step's kind of message and its text; null closes the drawer. */
  target: { kind: StepTemplateKind; text: StepText } | null;
  onClose: () => void;
  onApply: (text: StepText) => void;
}

/**
 * A step's own text (when it picks no template) in the editor: a plain-text template the
 * step renders the same way (an email's HTML is made from it, paragraph by paragraph).
 */
export function StepTextDrawer({ target, onClose, onApply }: StepTextDrawerProps) {
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="min(1100px, 100vw)"
      title="The step's own text"
      closeButtonProps={{ "aria-label": "Close the text editor" }}
    >
      {target && (
        <StepTextBody
          kind={target.kind}
          initial={target.text}
          onClose={onClose}
          onApply={onApply}
        />
      )}
    </Drawer>
  );
}

function StepTextBody({
  kind,
  initial,
  onClose,
  onApply,
}: {
  kind: StepTemplateKind;
  initial: StepText;
  onClose: () => void;
  onApply: (text: StepText) => void;
}) {
  const canWrite = useCan(["journeys:write"]);
  const readOnly = useEditorStore((s) => s.readOnly) || !canWrite;
  const [texts, setTexts] = useState<TemplateTexts>({
    subject: initial.subject,
    body_html: "",
    body_text: initial.text,
  });
  const context = useStepPreviewContext();
  const variableOptions = useVariableOptions();
  // A letter's own text is plain text made into paragraphs: preview it as text.
  const preview = useTemplatePreview({
    channel: kind === "letter" ? "guidance" : kind,
    subject: kind === "email" ? texts.subject : null,
    body_html: "",
    body_text: texts.body_text,
    ...context.request,
  });
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        This step's text, not a saved template: only this step sends it.
      </Text>
      <EditorWithPreview
        label="Step text"
        preview={preview}
        sources={texts}
        context={context}
        idPrefix="step-text"
        htmlHeight={200}
        editor={
          <TemplateParts
            kind={kind === "letter" ? "guidance" : kind}
            only={["subject", "body_text"]}
            variableOptions={variableOptions}
            labels={{ body_text: kind === "letter" ? "Letter text" : "Text" }}
            value={texts}
            onChange={setTexts}
            variables={preview.data?.variables ?? []}
            readOnly={readOnly}
            compact
          />
        }
      >
        <Button variant="default" onClick={onClose}>
          {readOnly ? "Close" : "Cancel"}
        </Button>
        {!readOnly && (
          <Button
            // What does not render would never send: the editor stays open until it does.
            disabled={preview.data?.ok === false}
            title={
              preview.data?.ok === false
                ? "The text does not render yet: fix what the preview points at."
                : undefined
            }
            onClick={() => {
              onApply({ subject: texts.subject, text: texts.body_text });
              onClose();
            }}
          >
            Use this text
          </Button>
        )}
      </EditorWithPreview>
    </Stack>
  );
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
      ? `New ${channelWord(target.kind)} template`
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
          There is no {channelWord(target.kind)} template called “{target.name}”. Pick another, or
          make a new one.
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
  const [label, setLabel] = useState(template?.label ?? "");
  const [name, setName] = useState(template?.name ?? "");
  const [nameEdited, setNameEdited] = useState(false);
  const [texts, setTexts] = useState<TemplateTexts>({
    subject: template?.subject ?? "",
    body_html: template?.body_html ?? "",
    body_text: template?.body_text ?? "",
  });
  const context = useStepPreviewContext();
  const variableOptions = useVariableOptions();

  const parts = partsOf(kind);
  const preview = useTemplatePreview({
    channel: kind,
    subject: parts.subject ? texts.subject : null,
    body_html: parts.body_html ? texts.body_html : "",
    body_text: parts.body_text ? texts.body_text : "",
    ...context.request,
  });

  const save = useSaveTemplate(template, {
    onSaved: async (saved) => {
      // The catalog lists the templates steps may pick: a new one must show in the picker.
      await queryClient.invalidateQueries({ queryKey: journeyKeys.catalog() });
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
      <EditorWithPreview
        label="Template texts"
        preview={preview}
        sources={texts}
        context={context}
        idPrefix="step-template"
        htmlHeight={260}
        editor={
          <>
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
              variableOptions={variableOptions}
              value={texts}
              onChange={setTexts}
              variables={preview.data?.variables ?? []}
              errors={errors}
              readOnly={readOnly}
              compact
            />
          </>
        }
      >
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        {!readOnly && (
          <Button onClick={submit} loading={save.isPending}>
            {template ? "Save template" : "Create template"}
          </Button>
        )}
      </EditorWithPreview>
    </Stack>
  );
}

/**
 * What the preview renders with: a contact, and — as the renderer's `event` and `object` —
 * the latest event the journey starts on or waits for (editable), plus the journey
 * variables its webhooks save.
 */
function useStepPreviewContext() {
  const canReadEvents = useCan(["events:read"]);
  const nodes = useEditorStore((s) => s.nodes);
  const [contactId, setContactId] = useState<string | null>(null);
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
  const parsed = useMemo(() => parseSampleJson(sampleEvent), [sampleEvent]);
  const event = "value" in parsed ? parsed.value : {};
  return {
    canReadEvents,
    contactId,
    setContactId,
    eventNames,
    eventName,
    chooseEvent: (name: string | null) => {
      setEventName(name);
      setSampleEdited(false);
    },
    sampleEvent,
    editSample: (text: string) => {
      setSampleEvent(text);
      setSampleEdited(true);
    },
    request: { contact_id: contactId, event, object: event, journey: journeyVariables },
  };
}

type StepPreviewContext = ReturnType<typeof useStepPreviewContext>;

function PreviewContextFields({ context }: { context: StepPreviewContext }) {
  return (
    <>
      <PreviewContactSelect value={context.contactId} onChange={context.setContactId} />
      {context.eventNames.length > 0 && (
        <Select
          label="Sample event"
          description={
            context.canReadEvents
              ? "The latest one seen (the contact's own when there is one)."
              : "What this journey starts on or waits for."
          }
          data={context.eventNames}
          value={context.eventName}
          allowDeselect={false}
          onChange={context.chooseEvent}
        />
      )}
      <SampleDataField
        label="Event and object data"
        description="JSON the template reads as event.… and object.…; edit it to try other values."
        value={context.sampleEvent}
        onChange={context.editSample}
      />
    </>
  );
}

/** The texts beside their preview, and the drawer's buttons (`children`) below. */
function EditorWithPreview(props: {
  label: string;
  editor: ReactNode;
  preview: { data?: Preview; isFetching: boolean; error: Error | null };
  sources: TemplateTexts;
  context: StepPreviewContext;
  idPrefix: string;
  htmlHeight: number;
  children: ReactNode;
}) {
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="sm" component="section" aria-label={props.label}>
          {props.editor}
        </Stack>
        <PreviewPane
          preview={props.preview.data}
          loading={props.preview.isFetching}
          failure={props.preview.error}
          sources={props.sources}
          idPrefix={props.idPrefix}
          htmlHeight={props.htmlHeight}
        >
          <PreviewContextFields context={props.context} />
        </PreviewPane>
      </SimpleGrid>
      <Group justify="flex-end">{props.children}</Group>
    </>
  );
}
