import { Alert, Button, Group, Loader, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { isApiError } from "@/lib/api-client";
import { notifySuccess } from "@/lib/notify";
import { journeyApi, journeyReviewQueryOptions, problemsOf } from "../../api/journeys";
import { graphToDefinition } from "../../model/conversion";
import { useEditorStore } from "../../store/editor-store";
import type { Journey, JourneyVersion, Problem } from "../../types";
import { ProblemList } from "../problem-list";
import { MigrationPanel } from "./migration/migration-panel";
import { ServerDiff } from "./migration/server-diff";
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

/** The draft saved when the dialog opens, so the server's diff is of what is on the canvas. */
function useSavedRevision(opened: boolean, prepare: () => Promise<number | null>) {
  const [revision, setRevision] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per opening, not per render
  useEffect(() => {
    if (!opened) return;
    let live = true;
    setRevision(null);
    setFailed(false);
    prepare().then(
      (saved) => live && (saved === null ? setFailed(true) : setRevision(saved)),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [opened]);
  return { revision, failed };
}

/**
 * What will change against the published version (the server's diff, field by field),
 * then publish; when contacts run on older versions, the plan to move them follows.
 */
export function PublishModal({
  opened,
  journey,
  prepare,
  onPublished,
  onClose,
}: PublishModalProps) {
  const saved = useSavedRevision(opened, prepare);
  const review = useQuery({ ...journeyReviewQueryOptions(journey.id), enabled: opened });
  const [live, setLive] = useState<number | null>(null);
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const settings = useEditorStore((s) => s.settings);
  const problems = useEditorStore((s) => s.problems);
  const draft = useMemo(
    () => graphToDefinition(nodes, edges, settings).definition,
    [nodes, edges, settings],
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
      const running = (review.data?.running ?? []).reduce((sum, r) => sum + r.contacts, 0);
      // Contacts on older versions: offer to move them; nobody there: nothing more to do.
      if (running > 0) setLive(version.version);
      else onClose();
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

  const close = () => {
    setLive(null);
    onClose();
  };
  if (live !== null)
    return (
      <Modal opened={opened} onClose={close} title={`Version ${live} is live`} size="xl">
        <Stack>
          <MigrationPanel journeyId={journey.id} version={live} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  const waiting = saved.revision === null && !saved.failed;
  return (
    <Modal opened={opened} onClose={onClose} title="Publish this journey?" size="xl">
      <Stack>
        {journey.published_version === null ? (
          <Text size="sm">
            This is the first version: contacts start entering as soon as its trigger fires.
          </Text>
        ) : saved.failed ? (
          <Text size="sm" c="red.8" role="alert">
            The draft could not be saved, so its changes cannot be shown.
          </Text>
        ) : saved.revision === null ? (
          <Loader size="sm" aria-label="Saving the draft" />
        ) : (
          <ServerDiff
            journeyId={journey.id}
            revision={saved.revision}
            publishedVersion={journey.published_version}
          />
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
