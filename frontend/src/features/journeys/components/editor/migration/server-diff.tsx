import { List, Loader, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { FieldChange, GraphDiff, StepRef } from "@/types/generated/migrations-api";
import { draftDiffQueryOptions } from "../../../api/migrations";
import { stepName } from "./plan-model";

const name = (step: StepRef) => stepName(step);

function shown(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** "config.duration.amount: 3 → 1" */
export function fieldWords(change: FieldChange): string {
  return `${change.path}: ${shown(change.before)} → ${shown(change.after)}`;
}

export function isEmpty(diff: GraphDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.settings.length === 0;
}

/** What publishing changes, computed by the server from the saved draft: steps added,
 * removed and changed, each change field by field. */
export function ServerDiff({
  journeyId,
  revision,
  publishedVersion,
}: {
  journeyId: string;
  revision: number;
  publishedVersion: number;
}) {
  const diff = useQuery(draftDiffQueryOptions(journeyId, revision));
  if (diff.isPending) return <Loader size="sm" aria-label="Loading the changes" />;
  if (diff.isError)
    return (
      <Text size="sm" c="red.8" role="alert">
        The changes could not be read: {diff.error.message}
      </Text>
    );
  if (isEmpty(diff.data))
    return <Text size="sm">Nothing changed since version {publishedVersion}.</Text>;
  const { added, removed, changed, settings } = diff.data;
  return (
    <Stack gap="xs" data-testid="publish-diff">
      <Text size="sm">Changes since version {publishedVersion}:</Text>
      <Section
        title="Added"
        color="green.8"
        items={added.map((s) => ({ key: s.node_id, text: name(s) }))}
      />
      <Section
        title="Removed"
        color="red.8"
        items={removed.map((s) => ({ key: s.node_id, text: name(s) }))}
      />
      <Section
        title="Changed"
        color="blue.8"
        items={changed.map((s) => ({
          key: s.node_id,
          text: name(s),
          details: s.changes.map(fieldWords),
        }))}
      />
      <Section
        title="Settings"
        color="blue.8"
        items={settings.map((c) => ({ key: c.path, text: fieldWords(c) }))}
      />
    </Stack>
  );
}

function Section({
  title,
  color,
  items,
}: {
  title: string;
  color: string;
  items: { key: string; text: string; details?: string[] }[];
}) {
  if (items.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={700} c={color}>
        {title} ({items.length})
      </Text>
      <List size="sm" aria-label={title}>
        {items.map((item) => (
          <List.Item key={item.key}>
            {item.text}
            {item.details && item.details.length > 0 && (
              <List size="xs" withPadding aria-label={`What changed in ${item.text}`}>
                {item.details.map((d) => (
                  <List.Item key={d}>
                    <Text size="xs" c="dimmed" component="span">
                      {d}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
