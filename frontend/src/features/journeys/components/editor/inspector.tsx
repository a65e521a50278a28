import {
  Button,
  Code,
  Divider,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import type { IChangeEvent } from "@rjsf/core";
import Form from "@rjsf/mantine";
import { customizeValidator } from "@rjsf/validator-ajv8";
import Ajv2020 from "ajv/dist/2020";
import { useCallback, useMemo, useState } from "react";
import { exitsOf } from "../../model/exits";
import { KINDS } from "../../model/node-kinds";
import { configSchema, configUiSchema, kindDescription } from "../../model/node-schemas";
import {
  ownTextOf,
  type StepTemplateKind,
  type StepText,
  stepTemplateKind,
  withOwnText,
} from "../../model/template-context";
import {
  describeWaitUntilDate,
  describeWaitUntilTime,
  type WaitUntilDate,
  type WaitUntilTime,
} from "../../model/time-expressions";
import { selectedNode, useEditorStore } from "../../store/editor-store";
import type { ApiCatalog } from "../../types";
import { RichText, richText } from "../rich-text";
import { ExitTargets } from "./exit-targets";
import { inspectorFields, inspectorWidgets } from "./form-widgets";
import { JourneySettingsPanel } from "./journey-settings";
import { StepTextDrawer, TemplateDrawer, type TemplateTarget } from "./template-drawer";

// The schemas are JSON Schema 2020-12 (msgspec's output).
const validator = customizeValidator({ AjvClass: Ajv2020 as never });

/** The selected node: its label, and a form rendered from its kind's JSON Schema. */
export function Inspector({ catalog }: { catalog: ApiCatalog | null }) {
  const node = useEditorStore(selectedNode);
  const readOnly = useEditorStore((s) => s.readOnly);
  const engineCatalog = useEditorStore((s) => s.catalog);
  const problems = useEditorStore((s) => s.problems);
  const updateConfig = useEditorStore((s) => s.updateConfig);
  const updateLabel = useEditorStore((s) => s.updateLabel);
  const kind = node?.type;
  const schema = useMemo(() => (kind ? configSchema(kind) : null), [kind]);
  const uiSchema = useMemo(() => (kind ? configUiSchema(kind, richText) : null), [kind]);
  const [templateTarget, setTemplateTarget] = useState<TemplateTarget | null>(null);
  const [textTarget, setTextTarget] = useState<{ kind: StepTemplateKind; text: StepText } | null>(
    null,
  );
  const openTemplate = useCallback(
    (templateKind: StepTemplateKind, name: string | null) =>
      setTemplateTarget({ kind: templateKind, name }),
    [],
  );
  const ownEvent = (node?.data.config as { event_name?: string } | undefined)?.event_name;
  const formContext = useMemo(
    () => ({
      catalog,
      openTemplate,
      nodeKind: kind,
      currentEvents:
        kind === "trigger.event" || kind === "flow.wait_for_event"
          ? ownEvent
            ? [ownEvent]
            : []
          : null,
    }),
    [catalog, openTemplate, kind, ownEvent],
  );

  if (!node || !schema || !uiSchema) {
    return (
      <ScrollArea h="100%" type="auto">
        <Stack gap="sm" p="md">
          <Text size="sm" c="dimmed">
            {readOnly
              ? "Select a step to see its settings."
              : "Select a step to edit it, or add one from the palette."}
          </Text>
          <Divider />
          <Text fw={700} size="sm">
            Journey settings
          </Text>
          <JourneySettingsPanel catalog={catalog} />
        </Stack>
      </ScrollArea>
    );
  }
  const info = KINDS[node.type];
  const mine = problems.filter((p) => p.node_id === node.id);
  const exits = exitsOf(
    { kind: node.type, config: node.data.config } as Parameters<typeof exitsOf>[0],
    engineCatalog,
  );
  return (
    <ScrollArea h="100%" type="auto">
      <Stack gap="sm" p="md" aria-label="Inspector" component="section">
        <Text fw={700} size="sm">
          {info.icon} {info.label}
        </Text>
        <Text size="xs" c="dimmed">
          <RichText text={kindDescription(node.type)} />
        </Text>
        {mine.length > 0 && (
          <Paper
            withBorder
            p="xs"
            radius="sm"
            style={{ borderColor: "var(--mantine-color-red-7)" }}
          >
            <Text size="sm" fw={700} c="red.9">
              {mine.length} problem{mine.length === 1 ? "" : "s"}
            </Text>
            <Stack gap={2} mt={4}>
              {mine.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
                <Text size="xs" key={i}>
                  {p.severity === "warning" ? `Warning: ${p.message}` : p.message}
                </Text>
              ))}
            </Stack>
          </Paper>
        )}
        <TextInput
          id="inspector-label"
          label="Name on the canvas"
          value={node.data.label}
          maxLength={120}
          readOnly={readOnly}
          onChange={(e) => updateLabel(node.id, e.currentTarget.value)}
        />
        <Divider />
        <WhenReading kind={node.type} config={node.data.config} />
        <OwnTextButton
          kind={node.type}
          config={node.data.config}
          readOnly={readOnly}
          onOpen={(templateKind, text) => setTextTarget({ kind: templateKind, text })}
        />
        <div data-inspector-form="true">
          <Form
            key={node.id}
            schema={schema}
            uiSchema={uiSchema}
            formData={node.data.config}
            validator={validator}
            widgets={inspectorWidgets}
            fields={inspectorFields}
            formContext={formContext}
            readonly={readOnly}
            noHtml5Validate
            showErrorList={false}
            experimental_defaultFormStateBehavior={{ emptyObjectFields: "skipDefaults" }}
            onChange={(event: IChangeEvent) => {
              if (!readOnly) updateConfig(node.id, event.formData);
            }}
          />
        </div>
        {exits.length > 0 && (
          <>
            <Divider />
            <ExitTargets nodeId={node.id} />
          </>
        )}
        <TemplateDrawer
          target={templateTarget}
          onClose={() => setTemplateTarget(null)}
          onCreated={(name) => {
            updateConfig(node.id, { ...(node.data.config ?? {}), template: name });
            setTemplateTarget((current) => current && { ...current, name });
          }}
        />
        <Advanced nodeId={node.id} />
        <StepTextDrawer
          target={textTarget}
          onClose={() => setTextTarget(null)}
          onApply={(text) => updateConfig(node.id, withOwnText(node.type, node.data.config, text))}
        />
      </Stack>
    </ScrollArea>
  );
}

/** What only people reading the journey's file or the API need: the step's id. */
function Advanced({ nodeId }: { nodeId: string }) {
  return (
    <details>
      <summary>
        <Text span size="xs" c="dimmed">
          Advanced
        </Text>
      </summary>
      <Group gap="xs" mt={6}>
        <Text size="xs" c="dimmed">
          Step id (in exports and the API):
        </Text>
        <Code fz="xs">{nodeId}</Code>
      </Group>
    </details>
  );
}

/** A wait step's timing in one sentence, so the settings below can be checked at a glance. */
function WhenReading({ kind, config }: { kind: string; config: unknown }) {
  let text: string | null = null;
  if (kind === "flow.wait_until_date")
    text = describeWaitUntilDate((config ?? {}) as WaitUntilDate);
  if (kind === "flow.wait_until_time")
    text = describeWaitUntilTime((config ?? {}) as WaitUntilTime);
  if (!text) return null;
  return (
    <Paper withBorder p="xs" radius="sm" bg="var(--mantine-color-gray-0)">
      <Text size="sm" aria-live="polite" data-testid="when-reading">
        {text}
      </Text>
    </Paper>
  );
}

/** On a sending step with no template: write its own text in the editor, with a preview. */
function OwnTextButton(props: {
  kind: string;
  config: unknown;
  readOnly: boolean;
  onOpen: (kind: StepTemplateKind, text: StepText) => void;
}) {
  const kind = stepTemplateKind(props.kind);
  const template = (props.config as { template?: string | null } | null)?.template;
  if (!kind || template) return null;
  return (
    <Button
      variant="light"
      size="xs"
      onClick={() => props.onOpen(kind, ownTextOf(kind, props.config))}
    >
      {props.readOnly ? "Preview the step's text" : "Write the step's text in the editor"}
    </Button>
  );
}
