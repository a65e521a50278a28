import {
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  ScrollArea,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useEffect, useRef } from "react";
import { useCan } from "@/lib/authorization";
import { describeChoice } from "../../../model/test-run";
import { selectedNode, useEditorStore } from "../../../store/editor-store";
import { formatTime } from "../path-trace/effect-preview";
import { PathTrace } from "../path-trace/path-trace";
import { useShowStep } from "../use-show-step";
import { RunActions, useNodeLabel } from "./run-actions";
import { loadCase, SaveAsCase, TestCases } from "./test-cases";
import { TestSetupForm } from "./test-setup";
import { useTestStore } from "./test-store";
import { useRerunOnChange, useTestRun } from "./use-test-run";

/**
 * The editor's Test tab: try the draft on screen for one contact on a virtual clock
 * (docs/test-runs.md) — nothing is sent or stored. The canvas highlights the path while
 * the tab is open; a step picked here or on the canvas shows what it saw and would do.
 */
export function TestPanel({ journeyId }: { journeyId: string }) {
  const canWrite = useCan(["journeys:write"]);
  const run = useTestStore((s) => s.run);
  const choices = useTestStore((s) => s.choices);
  const busy = useTestStore((s) => s.busy);
  const failure = useTestStore((s) => s.failure);
  const selected = useTestStore((s) => s.selected);
  const patch = useTestStore((s) => s.patch);
  const go = useTestRun(journeyId);
  const label = useNodeLabel();
  const showStep = useShowStep();
  useRerunOnChange(go);

  useEffect(() => {
    useTestStore.getState().reset(journeyId);
    patch({ open: true });
    return () => patch({ open: false });
  }, [journeyId, patch]);

  // A step picked on the canvas shows its (last) visit here.
  const picked = useEditorStore((s) => selectedNode(s)?.id ?? null);
  const lastPicked = useRef(picked);
  useEffect(() => {
    if (picked === lastPicked.current) return;
    lastPicked.current = picked;
    const steps = useTestStore.getState().run?.steps ?? [];
    const index = steps.map((s) => s.node_id).lastIndexOf(picked ?? "");
    if (index >= 0) patch({ selected: index });
  }, [picked, patch]);

  const pickStep = (index: number) => {
    patch({ selected: index });
    const nodeId = run?.steps[index]?.node_id;
    if (nodeId) {
      lastPicked.current = nodeId;
      useEditorStore.getState().select(nodeId);
      showStep(nodeId);
    }
  };

  const problems = run?.steps.reduce((sum, step) => sum + step.problems.length, 0) ?? 0;
  const ended = run && (run.status === "completed" || run.status === "exited");
  return (
    <ScrollArea h="100%" type="auto" offsetScrollbars>
      <Stack gap="sm" p="sm" data-testid="test-panel">
        <div>
          <Title order={2} size="h5">
            Test this draft
          </Title>
          <Text size="xs" c="dimmed">
            The journey on screen, for one contact, on a virtual clock. Nothing is sent and nothing
            is stored.
          </Text>
        </div>
        <details open={!run} data-testid="test-setup">
          <summary>
            <Text span size="sm" fw={600}>
              Contact and starting event
            </Text>
          </summary>
          <Stack gap="sm" mt="xs">
            <TestSetupForm />
          </Stack>
        </details>
        <Group gap="xs">
          <Button size="xs" onClick={() => void go([])} loading={busy && choices.length === 0}>
            {run ? "Run again from the start" : "Run test"}
          </Button>
          {run && (
            <Button
              size="xs"
              variant="default"
              onClick={() => patch({ run: null, choices: [], failure: null, selected: null })}
            >
              Clear
            </Button>
          )}
        </Group>
        {failure && (
          <Alert color="red" variant="light" title="The run cannot go as asked" role="alert">
            <Stack gap={6}>
              <Text size="sm">{failure.message}</Text>
              {failure.choice !== null && failure.choice < choices.length + 1 && (
                <Group>
                  <Button
                    size="compact-xs"
                    variant="light"
                    color="red"
                    onClick={() => void go(choices.slice(0, failure.choice ?? 0))}
                  >
                    Run without that choice and the ones after it
                  </Button>
                </Group>
              )}
            </Stack>
          </Alert>
        )}
        {run && (
          <>
            <Group gap="xs" aria-live="polite" data-testid="run-status">
              <Badge
                variant="light"
                color={ended ? "green" : "blue"}
                c={ended ? "green.9" : "blue.9"}
              >
                {ended ? `Ended (${run.ended_reason ?? run.status})` : "Waiting"}
              </Badge>
              <Text size="xs" c="dimmed">
                Clock: {formatTime(run.clock)}
              </Text>
              {problems > 0 && (
                <Badge color="red" variant="light" c="red.9">
                  {problems} problem{problems === 1 ? "" : "s"}
                </Badge>
              )}
            </Group>
            <RunActions go={go} />
            {choices.length > 0 && (
              <details>
                <summary>
                  <Text span size="sm" fw={600}>
                    Choices made ({choices.length})
                  </Text>
                </summary>
                <ol style={{ margin: "4px 0", paddingLeft: 20 }}>
                  {choices.map((choice, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: choices are a list in order
                    <li key={index}>
                      <Text size="xs">{describeChoice(choice, label)}</Text>
                    </li>
                  ))}
                </ol>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  disabled={busy}
                  onClick={() => void go(choices.slice(0, -1))}
                >
                  Undo the last choice
                </Button>
              </details>
            )}
            <SaveAsCase journeyId={journeyId} canWrite={canWrite} />
            <Divider label="Path taken" labelPosition="left" />
            <PathTrace
              steps={run.steps}
              selected={selected}
              onSelect={pickStep}
              contact={run.contact}
            />
          </>
        )}
        <Divider label="Saved cases" labelPosition="left" />
        <TestCases
          journeyId={journeyId}
          canWrite={canWrite}
          onLoad={(testCase) => void go(loadCase(testCase))}
        />
      </Stack>
    </ScrollArea>
  );
}
