import { Badge, Button, Card, Code, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { PlusIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { useCan } from "@/lib/authorization";
import { notifyError, notifySuccess } from "@/lib/notify";
import { scoreRulesQueryOptions, useDeleteScoreRule } from "../api/scoring";
import type { ScoreRule } from "../types";
import { describeCondition } from "./describe-condition";
import { type Editing, ScoreRuleModal } from "./score-rule-modal";

/** Scoring rules: points added or removed when events arrive. */
export function ScoringPage() {
  useDocumentTitle("Scoring · Waymark");
  const rules = useQuery(scoreRulesQueryOptions);
  const canWrite = useCan(["journeys:write"]);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ScoreRule | null>(null);
  const remove = useDeleteScoreRule();

  return (
    <Stack gap="lg">
      <PageHeader
        title="Scoring"
        description="Points a contact gains or loses when an event arrives. A journey can start when the score crosses a threshold."
        actions={
          canWrite && (
            <Button
              leftSection={<PlusIcon size={16} />}
              onClick={() => setEditing({ mode: "create" })}
            >
              Add rule
            </Button>
          )
        }
      />
      <LoadError what="scoring rules" error={rules.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Scoring rules table" minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Scoring rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Only when</Table.Th>
                <Table.Th ta="right">Points</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading scoring rules…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rules.data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" ta="center" py="lg">
                      No scoring rules yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rules.data?.map((rule) => (
                <Table.Tr key={rule.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {rule.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code fz="xs">{rule.event_name}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{describeCondition(rule.condition)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" fw={600} c={rule.points < 0 ? "red.9" : "teal.9"}>
                      {rule.points > 0 ? `+${rule.points}` : rule.points}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={rule.active ? "green" : "gray"} tt="none">
                      {rule.active ? "Active" : "Off"}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                    {canWrite && (
                      <>
                        <Button
                          variant="default"
                          size="xs"
                          mr="xs"
                          aria-label={`Edit ${rule.name}`}
                          onClick={() => setEditing({ mode: "edit", rule })}
                        >
                          Edit
                        </Button>
                        <Button
                          variant="subtle"
                          color="red"
                          size="xs"
                          aria-label={`Delete ${rule.name}`}
                          onClick={() => setDeleting(rule)}
                        >
                          Delete
                        </Button>
                      </>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      <ScoreRuleModal editing={editing} onClose={() => setEditing(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete scoring rule"
        confirmLabel="Delete rule"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(`Scoring rule ${deleting.name} deleted.`);
              setDeleting(null);
            },
            onError: (error) => notifyError(error, "Could not delete the rule"),
          });
        }}
      >
        Scores already given stay; “{deleting?.name}” gives no more points from now on.
      </ConfirmModal>
    </Stack>
  );
}
