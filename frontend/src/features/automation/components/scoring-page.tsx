import { Badge, Button, Code, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { PlusIcon } from "@/components/icons/icons";
import { PageHeader } from "@/components/page-header/page-header";
import { useCan } from "@/lib/authorization";
import { notifyError, notifySuccess } from "@/lib/notify";
import { scoreRulesQueryOptions, useDeleteScoreRule } from "../api/scoring";
import type { ScoreRule } from "../types";
import { describeCondition } from "./describe-condition";
import { type Editing, ScoreRuleModal } from "./score-rule-modal";

interface RuleActions {
  edit: (rule: ScoreRule) => void;
  remove: (rule: ScoreRule) => void;
}

/** The table's columns; without `actions` (read-only users) the actions column stays empty. */
function ruleColumns(actions: RuleActions | null): DataTableColumn<ScoreRule>[] {
  return [
    {
      header: "Rule",
      cell: (rule) => (
        <Text size="sm" fw={600}>
          {rule.name}
        </Text>
      ),
    },
    { header: "Event", cell: (rule) => <Code fz="xs">{rule.event_name}</Code> },
    {
      header: "Only when",
      cell: (rule) => <Text size="sm">{describeCondition(rule.condition)}</Text>,
    },
    {
      header: "Points",
      align: "right",
      cell: (rule) => (
        <Text size="sm" fw={600} c={rule.points < 0 ? "red.9" : "teal.9"}>
          {rule.points > 0 ? `+${rule.points}` : rule.points}
        </Text>
      ),
    },
    {
      header: "Status",
      cell: (rule) => (
        <Badge variant="dot" color={rule.active ? "green" : "gray"} tt="none">
          {rule.active ? "Active" : "Off"}
        </Badge>
      ),
    },
    {
      header: "Actions",
      hideHeader: true,
      align: "right",
      noWrap: true,
      cell: (rule) =>
        actions && (
          <>
            <Button
              variant="default"
              size="xs"
              mr="xs"
              aria-label={`Edit ${rule.name}`}
              onClick={() => actions.edit(rule)}
            >
              Edit
            </Button>
            <Button
              variant="subtle"
              color="red"
              size="xs"
              aria-label={`Delete ${rule.name}`}
              onClick={() => actions.remove(rule)}
            >
              Delete
            </Button>
          </>
        ),
    },
  ];
}

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
      <DataTable
        label="Scoring rules"
        minWidth={760}
        columns={ruleColumns(
          canWrite
            ? { edit: (rule) => setEditing({ mode: "edit", rule }), remove: setDeleting }
            : null,
        )}
        query={rules}
        rowKey="id"
        loadingText="Loading scoring rules…"
        emptyText="No scoring rules yet."
        what="scoring rules"
      />
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
