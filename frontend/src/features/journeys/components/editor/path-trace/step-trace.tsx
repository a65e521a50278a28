import { Alert, Badge, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import type { RuleCheck } from "@/types/generated/test-runs-api";
import { humanize, type TraceStep } from "../../../model/test-run";
import { ChangeTable, EffectPreview, formatTime, json, shown } from "./effect-preview";

const PROBLEM_TITLE: Record<string, string> = {
  would_not_run: "It would not run",
  missing_value: "A value is missing",
  trigger_mismatch: "The event would not start it",
  path_ends: "The path ends here",
};

/** One step of a path: what it saw (event, variables, every rule) and what it would do. */
export function StepTrace({
  step,
  contact,
}: {
  step: TraceStep;
  contact?: Record<string, unknown>;
}) {
  const headingId = `trace-${step.node_id}-${step.round}`;
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId} data-testid="step-trace">
      <div>
        <Title order={3} size="h5" id={headingId}>
          {step.label || step.node_id}
        </Title>
        <Text size="xs" c="dimmed">
          {step.kind ? humanize(step.kind.split(".").at(-1) ?? step.kind) : "Step"} ·{" "}
          {formatTime(step.at)}
          {step.exit_taken ? ` · left by “${humanize(step.exit_taken)}”` : ""}
        </Text>
        {step.detail && !step.preview && <Text size="sm">{step.detail}</Text>}
      </div>
      {(step.problems ?? []).map((problem) => (
        <Alert
          key={`${problem.code}-${problem.message}`}
          color={problem.code === "missing_value" ? "yellow" : "red"}
          variant="light"
          p="xs"
          title={PROBLEM_TITLE[problem.code] ?? humanize(problem.code)}
          data-testid="step-problem"
        >
          <Text size="sm">{problem.message}</Text>
        </Alert>
      ))}
      {step.checks && step.checks.length > 0 && <Checks checks={step.checks} />}
      {step.preview && (
        <section aria-label="What it would do">
          <Text fw={600} size="sm" mb={4}>
            What it would do
          </Text>
          <EffectPreview preview={step.preview} />
        </section>
      )}
      {step.change && <ChangeTable change={step.change} />}
      <Seen title="The event it saw" value={step.event} />
      <Seen title="Variables" value={step.variables} />
      {contact && <Seen title="Contact facts (as the run ended)" value={contact} />}
    </Stack>
  );
}

function Seen({ title, value }: { title: string; value: Record<string, unknown> | undefined }) {
  if (!value || Object.keys(value).length === 0) return null;
  return (
    <details>
      <summary>
        <Text span size="sm" fw={600}>
          {title}
        </Text>
      </summary>
      <Code block mt={4} aria-label={title} style={{ maxHeight: 220, overflow: "auto" }}>
        {json(value)}
      </Code>
    </details>
  );
}

/** Each rule the step evaluated: the first row is the whole group. */
function Checks({ checks }: { checks: RuleCheck[] }) {
  return (
    <Table withTableBorder captionSide="top" fz="xs" data-testid="rule-checks">
      <Table.Caption>Each condition rule and its result</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Rule</Table.Th>
          <Table.Th scope="col">Found</Table.Th>
          <Table.Th scope="col">Result</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {checks.map((check) => (
          <Table.Tr key={check.where} data-holds={check.holds}>
            <Table.Td style={{ overflowWrap: "anywhere" }}>
              {check.subject
                ? `${check.subject} ${check.operator ?? ""} ${shown(check.expected)}`
                : check.rule}
            </Table.Td>
            <Table.Td style={{ overflowWrap: "anywhere" }}>
              {check.subject ? (check.missing ? "not there" : shown(check.actual)) : ""}
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Badge size="sm" variant="light" color={check.holds ? "green" : "gray"}>
                  {check.holds ? "✓ true" : "✗ false"}
                </Badge>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
