import { Button, Group, JsonInput, Paper, Stack, Text } from "@mantine/core";
import { useState } from "react";
import {
  type Choice,
  canFastForward,
  humanize,
  type NextAction,
  nextActions,
} from "../../../model/test-run";
import { useEditorStore } from "../../../store/editor-store";
import { formatTime } from "../path-trace/effect-preview";
import { JsonForm } from "./json-form";
import { useTestStore } from "./test-store";

type Go = (choices: readonly Choice[]) => Promise<boolean>;

export function useNodeLabel() {
  const nodes = useEditorStore((s) => s.nodes);
  return (id: string) => {
    const node = nodes.find((n) => n.id === id);
    return node ? `“${node.data.label || id}”` : `“${id}”`;
  };
}

/** Where the run is held, and a control for each way to move it on. */
export function RunActions({ go }: { go: Go }) {
  const run = useTestStore((s) => s.run);
  const choices = useTestStore((s) => s.choices);
  const busy = useTestStore((s) => s.busy);
  const actions = nextActions(run);
  const add = (choice: Choice) => go([...choices, choice]);
  if (!run) return null;
  return (
    <Stack gap="xs" aria-label="Move the run on" component="section">
      {canFastForward(run) && actions.length > 1 && (
        <Button
          size="xs"
          variant="light"
          disabled={busy}
          onClick={() => add({ type: "fast_forward" })}
        >
          Fast-forward to the next timer
        </Button>
      )}
      {actions.map((action) => (
        <Paper key={`${action.type}-${action.nodeId}`} withBorder p="xs" radius="sm">
          <ActionControl action={action} busy={busy} add={add} />
        </Paper>
      ))}
    </Stack>
  );
}

function ActionControl({
  action,
  busy,
  add,
}: {
  action: NextAction;
  busy: boolean;
  add: (choice: Choice) => void;
}) {
  const label = useNodeLabel();
  switch (action.type) {
    case "fast_forward":
      return (
        <Stack gap={4}>
          <Text size="sm">
            {label(action.nodeId)} waits
            {action.until ? ` until ${formatTime(action.until)}` : ""}.
          </Text>
          <Group gap="xs">
            <Button size="compact-sm" disabled={busy} onClick={() => add({ type: "fast_forward" })}>
              Skip the wait
            </Button>
          </Group>
        </Stack>
      );
    case "event":
      return <EventChoice action={action} busy={busy} add={add} />;
    case "job":
      return <JobChoice action={action} busy={busy} add={add} />;
    case "webhook":
      return (
        <Stack gap={4}>
          <Text size="sm">{label(action.nodeId)} waits for the webhook's answer.</Text>
          <Group gap="xs">
            <Button
              size="compact-sm"
              disabled={busy}
              onClick={() =>
                add({ type: "webhook", node_id: action.nodeId, ok: true, status: 200, saved: {} })
              }
            >
              It answers
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              disabled={busy}
              onClick={() =>
                add({ type: "webhook", node_id: action.nodeId, ok: false, status: 500, saved: {} })
              }
            >
              It fails
            </Button>
          </Group>
        </Stack>
      );
    case "join":
      return <Text size="sm">{label(action.nodeId)} waits for the other paths to arrive.</Text>;
    default: {
      const never: never = action;
      return <>{String(never)}</>;
    }
  }
}

function EventChoice({
  action,
  busy,
  add,
}: {
  action: Extract<NextAction, { type: "event" }>;
  busy: boolean;
  add: (choice: Choice) => void;
}) {
  const label = useNodeLabel();
  const [text, setText] = useState("{}");
  const [error, setError] = useState<string | null>(null);
  const arrive = () => {
    try {
      const properties: unknown = text.trim() ? JSON.parse(text) : {};
      if (typeof properties !== "object" || properties === null || Array.isArray(properties))
        throw new Error('Write an object: { "name": value, … }');
      add({
        type: "event",
        node_id: action.nodeId,
        name: null,
        properties: properties as Record<string, unknown>,
      });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <Stack gap={6}>
      <Text size="sm">
        {label(action.nodeId)} waits for “{action.eventName}”
        {action.until ? ` until ${formatTime(action.until)}` : ""}.
      </Text>
      <JsonInput
        label="The event's properties (JSON)"
        size="xs"
        value={text}
        onChange={(value) => {
          setText(value);
          setError(null);
        }}
        error={error}
        autosize
        minRows={1}
        maxRows={6}
      />
      <Group gap="xs">
        <Button size="compact-sm" disabled={busy} onClick={arrive}>
          The event arrives
        </Button>
        {action.until && (
          <Button
            size="compact-sm"
            variant="default"
            disabled={busy}
            onClick={() => add({ type: "time_out", node_id: action.nodeId })}
          >
            It times out
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function JobChoice({
  action,
  busy,
  add,
}: {
  action: Extract<NextAction, { type: "job" }>;
  busy: boolean;
  add: (choice: Choice) => void;
}) {
  const label = useNodeLabel();
  const [form, setForm] = useState<Record<string, unknown>>({});
  const hasFields =
    Object.keys((action.formSchema as { properties?: object }).properties ?? {}).length > 0;
  return (
    <Stack gap={6} data-testid={`job-choice-${action.nodeId}`}>
      <Text size="sm">{label(action.nodeId)} waits for its job. How does it end?</Text>
      {hasFields && (
        <JsonForm
          idPrefix={`test-job-${action.nodeId}`}
          schema={action.formSchema}
          uiSchema={action.uiSchema}
          data={form}
          onChange={setForm}
        />
      )}
      <Group gap="xs">
        {action.outcomes.map((outcome) => (
          <Button
            key={outcome}
            size="compact-sm"
            variant={outcome === "cancelled" ? "default" : "filled"}
            disabled={busy}
            onClick={() =>
              add({
                type: "job",
                node_id: action.nodeId,
                outcome,
                form: outcome === "cancelled" ? {} : form,
              })
            }
          >
            {humanize(outcome)}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
