import { Badge, Button, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/lib/format";
import type { Migration } from "@/types/generated/migrations-api";
import { isFinished, migrationsQueryOptions } from "../../../api/migrations";
import { ErrorAlert } from "./error-alert";
import { migrationStatusText } from "./plan-model";
import { useCancelMigration } from "./use-migration-progress";

const COLORS: Record<Migration["status"], string> = {
  queued: "blue",
  running: "blue",
  done: "green",
  refused: "red",
  cancelled: "orange",
};

/**
 * The journey's migrations (but `except`, followed above), newest first, each with what
 * it did; one still being applied can be stopped from here too.
 */
export function MigrationHistory({
  journeyId,
  except,
}: {
  journeyId: string;
  except: string | null;
}) {
  const migrations = useQuery(migrationsQueryOptions(journeyId));
  const cancel = useCancelMigration(journeyId);
  const shown = (migrations.data ?? []).filter((m) => m.id !== except);
  if (shown.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="migration-history-title">
      <Title order={3} size="sm" id="migration-history-title">
        Earlier migrations of this journey
      </Title>
      <Table aria-labelledby="migration-history-title" verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Planned</Table.Th>
            <Table.Th scope="col">To version</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">What it did</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.slice(0, 10).map((m) => (
            <Table.Tr key={m.id} data-testid={`migration-${m.id}`}>
              <Table.Td>
                {formatDateTime(m.created_at)}
                {m.created_by ? ` · ${m.created_by.name}` : ""}
              </Table.Td>
              <Table.Td>{m.to_version}</Table.Td>
              <Table.Td>
                <Badge color={COLORS[m.status]} variant="light" size="sm">
                  {m.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{migrationStatusText(m)}</Text>
                {!isFinished(m) && (
                  <Button
                    size="compact-xs"
                    color="red"
                    variant="light"
                    mt={4}
                    onClick={() => cancel.mutate(m.id)}
                    loading={cancel.isPending && cancel.variables === m.id}
                  >
                    Stop moving contacts
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {cancel.isError && <ErrorAlert error={cancel.error} title="Not stopped" />}
    </Stack>
  );
}
