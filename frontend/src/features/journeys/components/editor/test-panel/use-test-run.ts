import { useCallback, useEffect, useRef } from "react";
import { isApiError } from "@/lib/api-client";
import { testRunsApi } from "../../../api/test-runs";
import { graphToDefinition } from "../../../model/conversion";
import { type Choice, stepToShow, testRequest } from "../../../model/test-run";
import { useEditorStore } from "../../../store/editor-store";
import { choiceIndex, type RunFailure, useTestStore } from "./test-store";

/** The canvas as a definition: a test runs what is on screen, saved or not. */
export function canvasDefinition(): Record<string, unknown> {
  const { nodes, edges, settings } = useEditorStore.getState();
  return graphToDefinition(nodes, edges, settings).definition as unknown as Record<string, unknown>;
}

function failureOf(error: unknown): RunFailure {
  if (isApiError(error)) {
    const first = Array.isArray(error.problem?.errors)
      ? (error.problem.errors[0] as { field?: string; message?: string } | undefined)
      : undefined;
    const field = typeof first?.field === "string" ? first.field : null;
    return { message: error.message, field, choice: choiceIndex(field) };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    field: null,
    choice: null,
  };
}

/**
 * Runs the test with `choices` (the answer replays them all); the choices are kept only
 * when the run takes them. The newest call wins: an older answer is dropped.
 */
export function useTestRun(journeyId: string) {
  const latest = useRef<AbortController | null>(null);
  const go = useCallback(
    async (choices: readonly Choice[]) => {
      latest.current?.abort();
      const controller = new AbortController();
      latest.current = controller;
      const { setup, patch, run: before, selected } = useTestStore.getState();
      patch({ busy: true });
      try {
        const run = await testRunsApi.run(
          journeyId,
          testRequest(setup, choices, canvasDefinition()),
          controller.signal,
        );
        if (controller.signal.aborted) return false;
        // The first thing the new steps would do is shown; a re-run of the same choices
        // keeps the step picked.
        const grew = !before || run.steps.length !== before.steps.length;
        patch({
          run,
          choices: [...choices],
          failure: null,
          busy: false,
          selected:
            grew || selected === null
              ? stepToShow(run.steps, before && choices.length > 0 ? before.steps.length : 0)
              : Math.min(selected, run.steps.length - 1),
        });
        return true;
      } catch (error) {
        if (controller.signal.aborted) return false;
        patch({ failure: failureOf(error), busy: false });
        return false;
      }
    },
    [journeyId],
  );
  return go;
}

/** While a run is shown, a change on the canvas runs it again (after a short pause). */
export function useRerunOnChange(go: (choices: readonly Choice[]) => Promise<boolean>) {
  const changeCount = useEditorStore((s) => s.changeCount);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again per canvas change
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const { run, choices } = useTestStore.getState();
    if (!run) return;
    const timer = setTimeout(() => void go(choices), 600);
    return () => clearTimeout(timer);
  }, [changeCount]);
}
