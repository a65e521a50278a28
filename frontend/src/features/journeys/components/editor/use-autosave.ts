import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { isApiError } from "@/lib/api-client";
import { journeyApi, journeyKeys, problemsOf, useInvalidateJourneyLists } from "../../api/journeys";
import { graphToDefinition } from "../../model/conversion";
import { dropLocalCopy, keepLocalCopy } from "../../model/local-copy";
import { useEditorStore } from "../../store/editor-store";
import type { Journey } from "../../types";

export const AUTOSAVE_DELAY_MS = 1000;

/** `unfinished`: the server cannot take the draft yet (a step misses a required part);
 * it stays in this browser and saves once the marked steps are filled in. */
export type SaveStatus = "saved" | "unsaved" | "saving" | "unfinished" | "error" | "conflict";

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

  const conflictRef = useRef(false);
  conflictRef.current = conflict !== null;
  const invalidateRef = useRef(invalidateLists);
  invalidateRef.current = invalidateLists;
  const lastChangeAt = useRef(0);
  /** The change count a save failed at: no retry until something changes. */
  const failedCount = useRef<number | null>(null);

  const save = useCallback(async () => {
    if (!journeyId || inFlight.current || conflictRef.current) return;
    const state = useEditorStore.getState();
    const count = state.changeCount;
    if (count === savedCount.current || count === failedCount.current) return;
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
      void invalidateRef.current();
      setError(null);
      const clean = useEditorStore.getState().changeCount === count;
      if (clean) dropLocalCopy(window.localStorage, journeyId);
      setStatus(clean ? "saved" : "unsaved");
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        const by = e.problem?.updated_by as { name?: string } | undefined;
        conflictRef.current = true;
        setConflict({ updatedBy: by?.name ?? null });
        setStatus("conflict");
      } else {
        failedCount.current = count;
        // A draft that does not decode (400) says which steps to fix: mark them.
        const problems = problemsOf(e);
        if (problems.length) useEditorStore.getState().setProblems(problems);
        const unfinished = isApiError(e) && e.status === 400;
        setError(unfinished ? null : e instanceof Error ? e.message : String(e));
        setStatus(unfinished ? "unfinished" : "error");
      }
    } finally {
      inFlight.current = false;
    }
  }, [journeyId, queryClient]);

  // Every change marks the draft unsaved and restarts the quiet period.
  useEffect(() => {
    if (changeCount === savedCount.current) return;
    lastChangeAt.current = Date.now();
    if (!conflictRef.current && !inFlight.current) setStatus("unsaved");
  }, [changeCount]);

  // Unsaved work is also kept in this browser until the server has it (see local-copy.ts).
  const keptCount = useRef<number | null>(null);
  const keepCopy = useCallback(() => {
    const state = useEditorStore.getState();
    if (!journeyId || state.changeCount === savedCount.current) return;
    if (state.changeCount === keptCount.current) return;
    keptCount.current = state.changeCount;
    keepLocalCopy(window.localStorage, journeyId, {
      baseRevision: revision.current,
      definition: graphToDefinition(state.nodes, state.edges, state.settings).definition,
      keptAt: new Date().toISOString(),
    });
  }, [journeyId]);

  // One steady tick decides when to save: nothing pending in flight, no drag under way,
  // and a quiet second since the last change. Re-renders never postpone it.
  useEffect(() => {
    if (!enabled) return;
    const tick = window.setInterval(() => {
      const pending = useEditorStore.getState().changeCount !== savedCount.current;
      if (pending && !useEditorStore.getState().dragging) keepCopy();
      const quiet = Date.now() - lastChangeAt.current >= AUTOSAVE_DELAY_MS;
      if (pending && quiet && !useEditorStore.getState().dragging) void save();
    }, 250);
    return () => window.clearInterval(tick);
  }, [enabled, save, keepCopy]);

  return {
    status,
    conflict,
    error,
    /** After a reload: clean, at `rev`, autosaving again. */
    reset: (rev: number) => {
      if (journeyId) dropLocalCopy(window.localStorage, journeyId);
      revision.current = rev;
      savedCount.current = useEditorStore.getState().changeCount;
      conflictRef.current = false;
      setConflict(null);
      setError(null);
      setStatus("saved");
    },
    /** Saves now (the publish button waits for this). */
    flush: save,
    revision: () => revision.current,
    hasConflict: () => conflictRef.current,
    isClean: () => useEditorStore.getState().changeCount === savedCount.current,
  };
}
