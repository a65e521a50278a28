import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { PageLoader } from "@/components/page-loader/page-loader";
import { PreviewPane } from "@/components/template-editor/preview-pane";
import { SampleDataField } from "@/components/template-editor/sample-data-field";
import { parseSampleJson } from "@/components/template-editor/sample-json";
import { partsOf, TemplateParts } from "@/components/template-editor/template-parts";
import { paths, templatePath } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import { deleteTemplate, templateKeys, templateQueryOptions } from "@/lib/templates/api";
import { PreviewContactSelect } from "@/lib/templates/preview-contact-select";
import {
  KIND_LABELS,
  type Template,
  type TemplateKind,
  type TemplateWrite,
} from "@/lib/templates/types";
import { useSaveTemplate } from "@/lib/templates/use-save-template";
import { useTemplatePreview } from "@/lib/templates/use-template-preview";

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
  const [contactId, setContactId] = useState<string | null>(null);
  const [sampleEvent, setSampleEvent] = useState('{\n  "order_id": "A-1001",\n  "total": 42.5\n}');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const parts = partsOf(form.channel);
  const event = useMemo(() => parseSampleJson(sampleEvent), [sampleEvent]);
  const preview = useTemplatePreview({
    channel: form.channel,
    subject: parts.subject ? form.subject : null,
    body_html: parts.body_html ? form.body_html : "",
    body_text: parts.body_text ? form.body_text : "",
    contact_id: contactId,
    event: "value" in event ? event.value : {},
  });

  const save = useSaveTemplate(template, {
    onSaved: (saved) => {
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

  const set = (field: keyof TemplateWrite) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));

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
              // Red on a light red tint misses 4.5:1 (axe): dark red on the default button.
              <Button variant="default" c="red.9" onClick={() => setConfirmDelete(true)}>
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
            <TemplateParts
              kind={form.channel}
              value={{
                subject: form.subject ?? "",
                body_html: form.body_html,
                body_text: form.body_text,
              }}
              onChange={(texts) => setForm((current) => ({ ...current, ...texts }))}
              variables={preview.data?.variables ?? []}
              errors={errors}
              readOnly={!canWrite}
            />
          </Stack>
        </Card>
        <PreviewPane
          preview={preview.data}
          loading={preview.isFetching}
          failure={preview.error}
          sources={form}
        >
          <PreviewContactSelect value={contactId} onChange={setContactId} />
          <SampleDataField
            label="Sample event"
            description="JSON the template reads as event.… (the event that started the journey)."
            value={sampleEvent}
            onChange={setSampleEvent}
          />
        </PreviewPane>
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
    body_html: parts.body_html ? form.body_html : "",
    body_text: parts.body_text ? form.body_text : "",
  };
}
