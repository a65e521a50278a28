import {
  Alert,
  Button,
  Card,
  Group,
  Menu,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { PageLoader } from "@/components/page-loader/page-loader";
import { paths, templatePath } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import {
  createTemplate,
  deleteTemplate,
  previewTemplate,
  templateKeys,
  templateQueryOptions,
  updateTemplate,
} from "../api/templates";
import {
  KIND_LABELS,
  partsOf,
  type Template,
  type TemplateKind,
  type TemplateWrite,
} from "../types";
import { insertAt } from "./insert";
import { PreviewPane } from "./preview-pane";

type Part = "subject" | "body_html" | "body_text";
const FIELDS = ["name", "label", "channel", "subject", "body_html", "body_text"] as const;
const EMPTY: TemplateWrite = {
  name: "",
  label: "",
  channel: "email",
  subject: "",
  body_html: "",
  body_text: "",
};

export function TemplateEditorPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const existing = useQuery({ ...templateQueryOptions(id ?? ""), enabled: !isNew });
  if (!isNew && existing.isPending) return <PageLoader />;
  if (!isNew && existing.error) return <LoadError what="the template" error={existing.error} />;
  return <TemplateEditor key={id ?? "new"} template={existing.data ?? null} />;
}

function TemplateEditor({ template }: { template: Template | null }) {
  useDocumentTitle(`${template ? template.label : "New template"} · Templates · Waymark`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan(["journeys:write"]);
  const [form, setForm] = useState<TemplateWrite>(
    template
      ? {
          name: template.name,
          label: template.label,
          channel: template.channel,
          subject: template.subject ?? "",
          body_html: template.body_html,
          body_text: template.body_text,
        }
      : EMPTY,
  );
  const [activePart, setActivePart] = useState<Part>("body_html");
  const refs = {
    subject: useRef<HTMLInputElement>(null),
    body_html: useRef<HTMLTextAreaElement>(null),
    body_text: useRef<HTMLTextAreaElement>(null),
  };
  const [contactId, setContactId] = useState<string | null>(null);
  const [sampleEvent, setSampleEvent] = useState('{\n  "order_id": "A-1001",\n  "total": 42.5\n}');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const parts = partsOf(form.channel);

  const event = useMemo((): { value: Record<string, unknown> } | { error: string } => {
    if (!sampleEvent.trim()) return { value: {} };
    try {
      const parsed: unknown = JSON.parse(sampleEvent);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return { error: 'Write a JSON object, e.g. {"order_id": "A-1"}' };
      }
      return { value: parsed as Record<string, unknown> };
    } catch {
      return { error: "This is not valid JSON yet." };
    }
  }, [sampleEvent]);

  const request = {
    channel: form.channel,
    subject: parts.subject ? form.subject : null,
    body_html: parts.html ? form.body_html : "",
    body_text: parts.text ? form.body_text : "",
    contact_id: contactId,
    event: "value" in event ? event.value : {},
  };
  const [debounced] = useDebouncedValue(request, 400);
  const preview = useQuery({
    queryKey: [...templateKeys.all, "preview", debounced],
    queryFn: ({ signal }) => previewTemplate(debounced, signal),
    placeholderData: keepPreviousData,
  });

  const save = useMutation({
    mutationFn: (data: TemplateWrite) =>
      template ? updateTemplate(template.id, data) : createTemplate(data),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
      notifySuccess(`“${saved.label}” saved.`);
      if (!template) navigate(templatePath(saved.id), { replace: true });
    },
    onError: (error) => notifyError(error, "Not saved"),
  });
  const remove = useMutation({
    mutationFn: () => deleteTemplate(template?.id ?? ""),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
      notifySuccess("Template deleted.");
      navigate(paths.templates);
    },
    onError: (error) => notifyError(error, "Not deleted"),
  });
  const errors = fieldErrorsOf(save.error, FIELDS);

  useEffect(() => {
    // A part the kind does not have cannot be the insertion target.
    if (activePart === "subject" && !parts.subject)
      setActivePart(parts.html ? "body_html" : "body_text");
    if (activePart === "body_html" && !parts.html) setActivePart("body_text");
    if (activePart === "body_text" && !parts.text) setActivePart("body_html");
  }, [activePart, parts.subject, parts.html, parts.text]);

  const set = (field: keyof TemplateWrite) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));

  function insertVariable(name: string) {
    const element = refs[activePart].current;
    const snippet = `{{ ${name} }}`;
    const current = form[activePart] ?? "";
    const start = element?.selectionStart ?? current.length;
    const end = element?.selectionEnd ?? current.length;
    const { text, caret } = insertAt(current, snippet, start, end);
    set(activePart)(text);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(caret, caret);
    });
  }

  const variables = preview.data?.variables ?? [];
  const partLabel = { subject: "Subject", body_html: "HTML", body_text: "Text" }[activePart];

  return (
    <Stack gap="lg">
      <PageHeader
        title={template ? template.label : "New template"}
        description={
          template ? (
            <>
              {KIND_LABELS[template.channel]} template <code>{template.name}</code>
            </>
          ) : (
            'Write it in Jinja: {{ contact.first_name }}, {% if … %}. Layouts wrap emails and letters with {% extends "layout_name" %}.'
          )
        }
        actions={
          <>
            <Button variant="default" component={Link} to={paths.templates}>
              Back to templates
            </Button>
            {canWrite && template && (
              <Button variant="light" color="red" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            )}
            {canWrite && (
              <Button onClick={() => save.mutate(normalised(form))} loading={save.isPending}>
                Save
              </Button>
            )}
          </>
        }
      />
      {save.error && Object.keys(errors).length === 0 && (
        <Alert color="red" title="Not saved">
          {save.error.message}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Card withBorder radius="md" padding="md" component="section" aria-label="Template">
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput
                label="Label"
                description="What people see in lists and pickers."
                required
                value={form.label}
                onChange={(e) => set("label")(e.currentTarget.value)}
                error={errors.label}
                readOnly={!canWrite}
              />
              <TextInput
                label="Name"
                description="What journey steps use; fixed once saved."
                required
                ff="monospace"
                value={form.name}
                onChange={(e) => set("name")(e.currentTarget.value)}
                error={errors.name}
                readOnly={!canWrite || template !== null}
              />
            </Group>
            <Select
              label="Kind"
              data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
              value={form.channel}
              onChange={(value) => value && set("channel")(value as TemplateKind)}
              disabled={!canWrite || template !== null}
              allowDeselect={false}
              error={errors.channel}
            />
            {parts.subject && (
              <TextInput
                ref={refs.subject}
                label="Subject"
                required
                value={form.subject ?? ""}
                onChange={(e) => set("subject")(e.currentTarget.value)}
                onFocus={() => setActivePart("subject")}
                error={errors.subject}
                readOnly={!canWrite}
              />
            )}
            {parts.html && (
              <Textarea
                ref={refs.body_html}
                label={form.channel === "layout" ? "Layout HTML" : "HTML"}
                description={
                  form.channel === "layout"
                    ? "Leave {% block content %}{% endblock %} where the message goes."
                    : undefined
                }
                ff="monospace"
                autosize
                minRows={10}
                maxRows={30}
                value={form.body_html}
                onChange={(e) => set("body_html")(e.currentTarget.value)}
                onFocus={() => setActivePart("body_html")}
                error={errors.body_html}
                readOnly={!canWrite}
                spellCheck={false}
              />
            )}
            {parts.text && (
              <Textarea
                ref={refs.body_text}
                label={form.channel === "email" ? "Plain text" : "Text"}
                description={
                  form.channel === "email"
                    ? "For mail clients that show no HTML; empty derives it from the HTML."
                    : undefined
                }
                ff="monospace"
                autosize
                minRows={form.channel === "email" ? 4 : 6}
                maxRows={20}
                value={form.body_text}
                onChange={(e) => set("body_text")(e.currentTarget.value)}
                onFocus={() => setActivePart("body_text")}
                error={errors.body_text}
                readOnly={!canWrite}
                spellCheck={false}
              />
            )}
            {canWrite && (
              <Group gap="sm">
                <Menu shadow="md" position="bottom-start" width={280}>
                  <Menu.Target>
                    <Button variant="light" disabled={variables.length === 0}>
                      Insert variable into {partLabel}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown mah={320} style={{ overflowY: "auto" }}>
                    {variables.map((name) => (
                      <Menu.Item
                        key={name}
                        onClick={() => insertVariable(name)}
                        ff="monospace"
                        fz="sm"
                      >
                        {name}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
                <Text size="xs" c="dimmed">
                  Filters: <code>| date("%d %B %Y")</code> in the contact's time zone,{" "}
                  <code>| money("EUR")</code>.
                </Text>
              </Group>
            )}
          </Stack>
        </Card>
        <PreviewPane
          preview={preview.data}
          loading={preview.isFetching}
          failure={preview.error}
          contactId={contactId}
          onContactChange={setContactId}
          sampleEvent={sampleEvent}
          onSampleEventChange={setSampleEvent}
          sampleEventError={"error" in event ? event.error : null}
        />
      </SimpleGrid>
      <ConfirmModal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this template?"
        confirmLabel="Delete"
        danger
        onConfirm={() => remove.mutate()}
        loading={remove.isPending}
      >
        Journey steps that use “{template?.name}” will fail to send until they use another.
      </ConfirmModal>
    </Stack>
  );
}

function normalised(form: TemplateWrite): TemplateWrite {
  const parts = partsOf(form.channel);
  return {
    ...form,
    name: form.name.trim(),
    label: form.label.trim(),
    subject: parts.subject ? (form.subject ?? "") : null,
    body_html: parts.html ? form.body_html : "",
    body_text: parts.text ? form.body_text : "",
  };
}
