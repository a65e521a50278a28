import { Badge, Stack, Table, Text } from "@mantine/core";
import { checksOf, type PathLine, TRACE_TITLES, traceRows } from "./path-model";

/** What one step saw and why it left by its exit: its trace, as a read-only inspector. */
export function StepTrace({ line }: { line: PathLine }) {
  const checks = checksOf(line.why);
  const rows = traceRows(line.why, line.sending);
  const kind = typeof line.why?.kind === "string" ? line.why.kind : null;
  return (
    <Stack gap="xs" data-testid="step-trace">
      <Text size="sm" fw={600}>
        {line.label}
        {line.exit ? ` → ${line.exit}` : ""}
      </Text>
      <Text size="sm">{line.text}</Text>
      {kind && (
        <Badge variant="light" color="gray" tt="none" w="fit-content">
          {TRACE_TITLES[kind] ?? kind}
        </Badge>
      )}
      {checks.length > 0 && (
        <Table fz="xs" withTableBorder striped aria-label="Condition checks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Expected</Table.Th>
              <Table.Th>Found</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {checks.map((check) => (
              <Table.Tr key={`${check.where}:${check.what}`}>
                <Table.Td>{check.what}</Table.Td>
                <Table.Td>{check.expected}</Table.Td>
                <Table.Td>{check.actual}</Table.Td>
                <Table.Td>{check.holds ? "✓ holds" : "✗ does not hold"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {rows.length > 0 && (
        <Table fz="xs" withTableBorder aria-label="What the step saw">
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.name}>
                <Table.Th w="40%">{row.name}</Table.Th>
                <Table.Td style={{ wordBreak: "break-word" }}>{row.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!line.why && !line.sending && (
        <Text size="xs" c="dimmed">
          No trace kept for this step.
        </Text>
      )}
      {line.why?.clipped === true && (
        <Text size="xs" c="dimmed">
          Cut to fit: the trace was too large to keep whole.
        </Text>
      )}
    </Stack>
  );
}
