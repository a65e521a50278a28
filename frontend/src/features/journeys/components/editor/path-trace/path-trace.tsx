import { Badge, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import type { TraceStep } from "../../../model/test-run";
import { shortTime } from "./effect-preview";
import classes from "./path-trace.module.css";
import { StepTrace } from "./step-trace";

interface PathTraceProps<S extends TraceStep> {
  /** The steps of the path, in the order they ran. */
  steps: readonly S[];
  /** The step shown in the inspector below the list (its index in `steps`). */
  selected: number | null;
  onSelect: (index: number) => void;
  /** The contact's facts, shown with the selected step. */
  contact?: Record<string, unknown>;
}

/**
 * A path through a journey, step by step, and the inspector of the step picked: what it
 * saw and what it would do. Reusable for any list of steps (a test run's; a contact's path
 * once recorded steps carry the same fields); the canvas highlight comes from
 * `PathHighlightContext` with `highlightOf(steps)`.
 */
export function PathTrace<S extends TraceStep>({
  steps,
  selected,
  onSelect,
  contact,
}: PathTraceProps<S>) {
  const current = selected !== null ? steps[selected] : undefined;
  return (
    <Stack gap="sm">
      <ol className={classes.list} aria-label="Steps taken">
        {steps.map((step, index) => {
          const problems = step.problems?.length ?? 0;
          return (
            // A step visited twice in one round is told apart by its place.
            // biome-ignore lint/suspicious/noArrayIndexKey: the path is append-only
            <li key={`${step.node_id}-${step.round}-${index}`}>
              <UnstyledButton
                className={classes.item}
                aria-current={index === selected ? "step" : undefined}
                onClick={() => onSelect(index)}
                data-node={step.node_id}
              >
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Text size="sm" fw={index === selected ? 700 : 500} lineClamp={1}>
                    {index + 1}. {step.label || step.node_id}
                    {step.exit_taken && (
                      <Text span size="xs" c="dimmed">
                        {" "}
                        → {step.exit_taken}
                      </Text>
                    )}
                  </Text>
                  <Group gap={4} wrap="nowrap">
                    {problems > 0 && (
                      <Badge
                        size="xs"
                        color="red"
                        aria-label={`${problems} problem${problems === 1 ? "" : "s"}`}
                      >
                        {problems}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                      {shortTime(step.at)}
                    </Text>
                  </Group>
                </Group>
              </UnstyledButton>
            </li>
          );
        })}
      </ol>
      {current && <StepTrace step={current} contact={contact} />}
    </Stack>
  );
}
