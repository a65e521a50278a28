import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { isApiError } from "@/lib/api-client";
import { journeyApi, journeyKeys, useInvalidateJourneyLists } from "../../api/journeys";
import { graphToDefinition } from "../../model/conversion";
import { useEditorStore } from "../../store/editor-store";
import type { Journey } from "../../types";

export const AUTOSAVE_DELAY_MS = 1000;

export type SaveStatus = "saved" | "unsaved" | "saving" | "error" | "conflict";

export interface Conflict {
  updatedBy: string | null;
}

/**
 * Saves the draft ~1 s after the last change, with the revision it was loaded at. A 409
 * (someone else saved since) stops the autosave: their work is never overwritten.
 */
export function useAutosave(journey: Journey | undefined, enabled: boolean) {
  const queryClient = useQueryClient();
  const invalidateLists = useInvalidateJourneyLists();
  const changeCount = useEditorStore((s) => s.changeCount);
  const dragging = useEditorStore((s) => s.dragging);
  const revision = useRef(journey?.draft_revision ?? 0);
  const savedCount = useRef(0);
  const inFlight = useRef(false);
  const [status, setStatus] = useState<SaveStatus>("saved");
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const journeyId = journey?.id;

  const loadedRevision = journey?.draft_revision;
  // A freshly loaded journey starts clean at its own revision (the canvas was just
  // loaded, so its change count is 0). Later cache updates after our own saves do not
  // count: they are keyed by id.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset per journey, not per save
  useEffect(() => {
    if (!journeyId || loadedRevision === undefined) return;
    revision.current = loadedRevision;
    savedCount.current = 0;
    setStatus("saved");
    setConflict(null);
  }, [journeyId]);

  const save = useCallback(async () => {
    if (!journeyId || inFlight.current || conflict) return;
    const state = useEditorStore.getState();
    const count = state.changeCount;
    if (count === savedCount.current) return;
    const { definition } = graphToDefinition(state.nodes, state.edges, state.settings);
    inFlight.current = true;
    setStatus("saving");
    try {
      const saved = await journeyApi.saveDraft(journeyId, {
        revision: revision.current,
        definition,
      });
      revision.current = saved.draft_revision;
      savedCount.current = count;
      useEditorStore.getState().setProblems(saved.problems);
      // Keep the cache's revision in step without replacing the canvas.
      queryClient.setQueryData<Journey>(journeyKeys.detail(journeyId), (old) =>
        old ? { ...saved, definition: old.definition } : saved,
      );
      void invalidateLists();
      setError(null);
      setStatus(useEditorStore.getState().changeCount === count ? "saved" : "unsaved");
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        const by = e.problem?.updated_by as { name?: string } | undefined;
        setConflict({ updatedBy: by?.name ?? null });
        setStatus("conflict");
      } else {
        setError(e instanceof Error ? e.message : String(e));
        setStatus("error");
      }
    } finally {
      inFlight.current = false;
    }
  }, [journeyId, conflict, queryClient, invalidateLists]);

  useEffect(() => {
    if (!enabled || conflict || changeCount === savedCount.current) return;
    setStatus((s) => (s === "saving" ? s : "unsaved"));
    if (dragging) return;
    const timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [changeCount, dragging, enabled, conflict, save]);

  // A save that finished while more changes came in: go again.
  useEffect(() => {
    if (status !== "unsaved" || !enabled || dragging) return;
    const timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [status, enabled, dragging, save]);

  return {
    status,
    conflict,
    error,
    /** After a reload: clean, at `rev`, autosaving again. */
    reset: (rev: number) => {
      revision.current = rev;
      savedCount.current = useEditorStore.getState().changeCount;
      setConflict(null);
      setError(null);
      setStatus("saved");
    },
    /** Saves now (the publish button waits for this). */
    flush: save,
    revision: () => revision.current,
    isClean: () => useEditorStore.getState().changeCount === savedCount.current,
  };
}
