import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useState } from "react";
import { Link, useBlocker, useParams } from "react-router";
import { PageLoader } from "@/components/page-loader/page-loader";
import { paths } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import {
  catalogQueryOptions,
  journeyKeys,
  journeyQueryOptions,
  toEngineCatalog,
} from "../../api/journeys";
import { graphToDefinition } from "../../model/conversion";
import { useEditorStore } from "../../store/editor-store";
import { EXPORT_FORMAT, type Journey } from "../../types";
import { downloadJson, exportFilename } from "../list/download";
import { StatusBadge } from "../list/status-badge";
import { useLiveNumbers } from "../who-is-here/live-numbers";
import { EditorLayout } from "./editor-layout";
import { EnrolSegmentButton } from "./enrol-segment-modal";
import { PublishModal } from "./publish-modal";
import { RestoreLocalCopy } from "./restore-local-copy";
import { SaveStatusBadge } from "./save-status";
import { StatsOverlayContext } from "./stats-overlay";
import { TestButton, TestPathHighlight } from "./test-panel/test-hooks";
import { TestPanel } from "./test-panel/test-panel";
import { useCaseChecks } from "./test-panel/use-case-checks";
import { useAutosave } from "./use-autosave";
import { useEditorShortcuts } from "./use-editor-shortcuts";
import { VersionsMenu } from "./versions-menu";
import { WhatIfOverlayContext } from "./what-if/what-if-overlay";
import { useWhatIf } from "./what-if/what-if-panel";

/** `/journeys/:id`: the draft on the canvas, autosaved. */
export function JourneyEditorPage() {
  const { id = "" } = useParams();
  const journey = useQuery(journeyQueryOptions(id));
  if (journey.error) {
    return (
      <Alert color="red" variant="light" title="Could not open the journey">
        {journey.error.message}{" "}
        <Anchor component={Link} to={paths.journeys}>
          Back to journeys
        </Anchor>
      </Alert>
    );
  }
  if (!journey.data) return <PageLoader />;
  return (
    <ReactFlowProvider>
      <DraftEditor journey={journey.data} />
    </ReactFlowProvider>
  );
}

export function useCatalogInStore() {
  const catalog = useQuery(catalogQueryOptions);
  const setCatalog = useEditorStore((s) => s.setCatalog);
  useEffect(() => {
    setCatalog(catalog.data ? toEngineCatalog(catalog.data) : null);
  }, [catalog.data, setCatalog]);
  return catalog.data ?? null;
}

function DraftEditor({ journey }: { journey: Journey }) {
  useDocumentTitle(`${journey.name} · Journeys · Waymark`);
  const queryClient = useQueryClient();
  const canWrite = useCan(["journeys:write"]);
  const canPublish = useCan(["journeys:publish"]);
  const catalog = useCatalogInStore();
  const [loadedId, setLoadedId] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const readOnly = !canWrite || journey.status === "archived";
  // The numbers overlay: on by default once the journey has been published.
  const [showNumbers, setShowNumbers] = useState(journey.published_version !== null);
  // The numbers over every version or one, and who is at each step behind them.
  const numbers = useLiveNumbers(journey.id, journey.published_version !== null, showNumbers);
  const whatIf = useWhatIf(journey.id);

  // Load the draft once per journey; later cache updates (our own saves) leave it alone.
  useEffect(() => {
    if (loadedId === journey.id) return;
    const store = useEditorStore.getState();
    store.load(journey.definition, { readOnly });
    store.setProblems(journey.problems);
    setLoadedId(journey.id);
  }, [journey, loadedId, readOnly]);

  const save = useAutosave(journey, loadedId === journey.id && !readOnly);
  useEditorShortcuts(!readOnly);
  // Saved test cases run again on each save of the draft.
  useCaseChecks(journey.id, save.status === "saved" ? save.revision() : null);
  const canUndo = useEditorStore((s) => s.history.past.length > 0);
  const canRedo = useEditorStore((s) => s.history.future.length > 0);
  const store = useEditorStore.getState();

  const dirty = save.status !== "saved";
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const reload = async () => {
    const fresh = await queryClient.fetchQuery({
      ...journeyQueryOptions(journey.id),
      staleTime: 0,
    });
    useEditorStore.getState().load(fresh.definition, { readOnly });
    useEditorStore.getState().setProblems(fresh.problems);
    save.reset(fresh.draft_revision);
  };

  const downloadMine = () => {
    const { nodes, edges, settings } = useEditorStore.getState();
    downloadJson(
      {
        format: EXPORT_FORMAT,
        name: `${journey.name} (my unsaved copy)`,
        description: journey.description,
        definition: graphToDefinition(nodes, edges, settings).definition,
      },
      exportFilename(`${journey.name} mine`),
    );
  };

  // Publishing waits for the draft on screen to be saved (up to ~10 s of retries).
  const prepare = async () => {
    for (let i = 0; i < 40 && !save.isClean() && !save.hasConflict(); i++) {
      await save.flush();
      if (!save.isClean()) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return save.isClean() && !save.hasConflict() ? save.revision() : null;
  };

  const toolbar = (
    // Wraps rather than squeezing: with Test, What-if and the version picker the buttons
    // no longer fit beside the name on a 1280 px screen, and the name was clamped away.
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <Anchor component={Link} to={paths.journeys} size="sm">
          Journeys
        </Anchor>
        <Text c="dimmed">/</Text>
        <Title order={1} size="h4" lineClamp={1}>
          {journey.name}
        </Title>
        <StatusBadge status={journey.status} />
        {!readOnly && <SaveStatusBadge status={save.status} error={save.error} />}
      </Group>
      <Group gap="xs" wrap="nowrap">
        {!readOnly && (
          <>
            <Tooltip label="Undo (Ctrl+Z)">
              <ActionIcon
                variant="default"
                aria-label="Undo"
                disabled={!canUndo}
                onClick={store.undo}
              >
                ↶
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Redo (Ctrl+Shift+Z)">
              <ActionIcon
                variant="default"
                aria-label="Redo"
                disabled={!canRedo}
                onClick={store.redo}
              >
                ↷
              </ActionIcon>
            </Tooltip>
            <Button size="xs" variant="default" onClick={store.autoLayout}>
              Auto-layout
            </Button>
          </>
        )}
        <Switch
          size="sm"
          label="Show numbers"
          checked={showNumbers}
          onChange={(event) => setShowNumbers(event.currentTarget.checked)}
          styles={{ label: { whiteSpace: "nowrap" } }}
        />
        {numbers.picker}
        <VersionsMenu
          journeyId={journey.id}
          published={journey.published_version}
          canMove={canPublish}
        />
        <EnrolSegmentButton
          journeyId={journey.id}
          live={journey.status === "active" && journey.published_version !== null}
          segments={catalog?.segments ?? []}
        />
        <TestButton />
        {whatIf.button}
        {canPublish && !readOnly && (
          <Button
            size="xs"
            onClick={() => setPublishing(true)}
            disabled={save.status === "conflict"}
          >
            Publish…
          </Button>
        )}
      </Group>
    </Group>
  );

  return (
    <>
      {loadedId === journey.id && (
        <StatsOverlayContext.Provider value={numbers.stats}>
          <WhatIfOverlayContext.Provider value={whatIf.overlay}>
            {numbers.provide(
              <TestPathHighlight>
                <EditorLayout
                  toolbar={toolbar}
                  catalog={catalog}
                  showPalette={!readOnly}
                  testPanel={<TestPanel journeyId={journey.id} />}
                />
              </TestPathHighlight>,
            )}
          </WhatIfOverlayContext.Provider>
        </StatsOverlayContext.Provider>
      )}
      {whatIf.panel}
      {loadedId === journey.id && !readOnly && <RestoreLocalCopy journey={journey} />}
      <PublishModal
        opened={publishing}
        journey={journey}
        prepare={prepare}
        onClose={() => setPublishing(false)}
        onPublished={async () => {
          // The dialog closes itself, or first offers to move the contacts running.
          const fresh = await queryClient.fetchQuery({
            ...journeyQueryOptions(journey.id),
            staleTime: 0,
          });
          useEditorStore.getState().setProblems(fresh.problems);
          save.reset(fresh.draft_revision);
          void queryClient.invalidateQueries({ queryKey: journeyKeys.versions(journey.id) });
          void queryClient.invalidateQueries({ queryKey: journeyKeys.lists() });
        }}
      />
      <Modal
        opened={save.status === "conflict"}
        onClose={() => undefined}
        withCloseButton={false}
        closeOnClickOutside={false}
        closeOnEscape={false}
        title="Someone else saved this journey since you opened it"
      >
        <Stack>
          <Text size="sm">
            {save.conflict?.updatedBy ? `${save.conflict.updatedBy} saved` : "Someone saved"} a
            newer draft. Your changes were not saved, so their work is safe. Reload to continue from
            their version; download yours first if you want to keep it.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={downloadMine}>
              Download my version
            </Button>
            <Button onClick={reload}>Reload their version</Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={blocker.state === "blocked"}
        onClose={() => blocker.reset?.()}
        title="Leave the editor?"
      >
        <Stack>
          <Text size="sm">
            Your latest changes are not saved yet. If you leave now, they are lost.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
              Stay
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              Leave without saving
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
