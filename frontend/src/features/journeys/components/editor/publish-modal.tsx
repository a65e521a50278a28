import { Alert, Button, Group, List, Loader, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { isApiError } from "@/lib/api-client";
import { notifySuccess } from "@/lib/notify";
import { journeyApi, problemsOf, versionQueryOptions } from "../../api/journeys";
import { graphToDefinition } from "../../model/conversion";
import { diffDefinitions, isEmptyDiff } from "../../model/diff";
import { useEditorStore } from "../../store/editor-store";
import type { Journey, JourneyVersion, Problem } from "../../types";
import { ProblemList } from "../problem-list";
import { PublishReview } from "./publish-review";
import { CaseChecksNotice } from "./test-panel/test-hooks";

interface PublishModalProps {
  opened: boolean;
  journey: Journey;
  /** Saves pending changes and gives the revision to publish. */
  prepare: () => Promise<number | null>;
  onPublished: (version: JourneyVersion) => void;
  onClose: () => void;
}

/** What will change against the published version, then publish. */
export function PublishModal({
  opened,
  journey,
  prepare,
  onPublished,
  onClose,
}: PublishModalProps) {
  const published = useQuery({
    ...versionQueryOptions(journey.id, journey.published_version ?? 0),
    enabled: opened && journey.published_version !== null,
  });
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const settings = useEditorStore((s) => s.settings);
  const problems = useEditorStore((s) => s.problems);
  const draft = useMemo(
    () => graphToDefinition(nodes, edges, settings).definition,
    [nodes, edges, settings],
  );
  const diff = useMemo(
    () => diffDefinitions(published.data?.definition, draft),
    [published.data, draft],
  );
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; problems: Problem[] } | null>(null);

  const publish = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const revision = await prepare();
      if (revision === null) throw new Error("The draft could not be saved; publish after it is.");
      const version = await journeyApi.publish(journey.id, { revision, ...(note ? { note } : {}) });
      notifySuccess(`Version ${version.version} is live.`, "Journey published");
      setNote("");
      onPublished(version);
    } catch (error) {
      const problems = problemsOf(error);
      if (problems.length) useEditorStore.getState().setProblems(problems);
      setFailure({
        message:
          isApiError(error) && error.status === 422
            ? "Fix these problems first:"
            : error instanceof Error
              ? error.message
              : String(error),
        problems,
      });
    } finally {
      setBusy(false);
    }
  };

  const waiting = journey.published_version !== null && published.isPending;
  return (
    <Modal opened={opened} onClose={onClose} title="Publish this journey?" size="xl">
      <Stack>
        {waiting ? (
          <Loader size="sm" />
        ) : journey.published_version === null ? (
          <Text size="sm">
            This is the first version: contacts start entering as soon as its trigger fires.
          </Text>
        ) : isEmptyDiff(diff) ? (
          <Text size="sm">Nothing changed since version {journey.published_version}.</Text>
        ) : (
          <Stack gap="xs">
            <Text size="sm">Changes since version {journey.published_version}:</Text>
            <DiffList title="Added" items={diff.added} color="green" />
            <DiffList title="Removed" items={diff.removed} color="red" />
            <DiffList title="Changed" items={diff.changed} color="blue" />
            {diff.wiringChanged && <Text size="sm">Connections or settings changed.</Text>}
          </Stack>
        )}
        {opened && (
          <PublishReview
            journeyId={journey.id}
            definition={draft}
            problems={problems}
            publishedVersion={journey.published_version}
          />
        )}
        <CaseChecksNotice />
        <Textarea
          label="Note (optional)"
          placeholder="What changed and why"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        {failure && (
          <Alert color="red" variant="light" title="Not published">
            <Stack gap="xs">
              <Text size="sm">{failure.message}</Text>
              {failure.problems.length > 0 && <ProblemList problems={failure.problems} />}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={publish} loading={busy} disabled={waiting}>
            Publish
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DiffList({ title, items, color }: { title: string; items: string[]; color: string }) {
  if (items.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={700} c={color}>
        {title} ({items.length})
      </Text>
      <List size="sm" aria-label={title}>
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </div>
  );
}
