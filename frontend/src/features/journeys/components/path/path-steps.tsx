import { Stack, Text, UnstyledButton } from "@mantine/core";
import { formatDateTime } from "@/lib/format";
import type { PathLine } from "./path-model";
import classes from "./path-steps.module.css";
import { StepTrace } from "./step-trace";

interface PathStepsProps {
  lines: PathLine[];
  selected: string | null;
  onSelect: (id: string) => void;
}

/**
 * A path, oldest first: each step a button that opens its trace under it. Reusable by
 * anything that shows a path (a contact's enrollment, a test run).
 */
export function PathSteps({ lines, selected, onSelect }: PathStepsProps) {
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No steps yet.
      </Text>
    );
  }
  return (
    <Stack gap={4} component="ol" className={classes.list} aria-label="Steps taken">
      {lines.map((line, index) => {
        const open = line.id === selected;
        return (
          <li key={line.id}>
            <UnstyledButton
              className={classes.step}
              data-selected={open || undefined}
              aria-expanded={open}
              aria-controls={`trace-${line.id}`}
              onClick={() => onSelect(line.id)}
            >
              <Text size="xs" c="dimmed" component="span">
                {index + 1}. {formatDateTime(line.at)}
              </Text>
              <Text size="sm" fw={600} component="span" display="block">
                {line.label}
                {line.exit ? ` → ${line.exit}` : ""}
              </Text>
            </UnstyledButton>
            {open && (
              <div id={`trace-${line.id}`} className={classes.trace}>
                <StepTrace line={line} />
              </div>
            )}
          </li>
        );
      })}
    </Stack>
  );
}
