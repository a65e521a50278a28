/**
 * The Test panel's few hooks into the editor: the toolbar button, the canvas highlight,
 * and the note the publish review shows. Each reads the test store; the editor only
 * places them.
 */
import { Alert, Badge, Button, List, Text } from "@mantine/core";
import { type ReactNode, useMemo } from "react";
import { changedCases, describeDifference, highlightOf } from "../../../model/test-run";
import { PathHighlightContext } from "../path-trace/path-highlight";
import { useSidePanel } from "../side-panel";
import { useNodeLabel } from "./run-actions";
import { useTestStore } from "./test-store";

/** "Test" beside Publish: opens the Test tab; marks saved cases that now end otherwise. */
export function TestButton() {
  const setTab = useSidePanel();
  const changed = changedCases(useTestStore((s) => s.checks ?? undefined)).length;
  return (
    <Button
      size="xs"
      variant="default"
      onClick={() => setTab("test")}
      rightSection={
        changed > 0 ? (
          <Badge size="xs" color="orange" c="dark" circle aria-hidden>
            {changed}
          </Badge>
        ) : null
      }
      aria-label={
        changed > 0
          ? `Test (${changed} saved case${changed === 1 ? "" : "s"} now end${changed === 1 ? "s" : ""} differently)`
          : "Test"
      }
    >
      Test
    </Button>
  );
}

/** While the Test tab is open, the canvas shows the run's path. */
export function TestPathHighlight({ children }: { children: ReactNode }) {
  const open = useTestStore((s) => s.open);
  const run = useTestStore((s) => s.run);
  const highlight = useMemo(
    () =>
      open && run
        ? highlightOf(
            run.steps,
            run.waiting.map((w) => w.node_id),
          )
        : null,
    [open, run],
  );
  return (
    <PathHighlightContext.Provider value={highlight}>{children}</PathHighlightContext.Provider>
  );
}

/** In the publish review: the saved cases this draft makes end otherwise. */
export function CaseChecksNotice() {
  const checks = useTestStore((s) => s.checks);
  const label = useNodeLabel();
  const changed = changedCases(checks ?? undefined);
  if (!checks || checks.length === 0) return null;
  if (changed.length === 0)
    return (
      <Text size="sm" c="green.9" data-testid="case-checks-notice">
        ✓ All {checks.length} saved test case{checks.length === 1 ? "" : "s"} end as saved.
      </Text>
    );
  return (
    <Alert
      color="orange"
      variant="light"
      title={`${changed.length} saved test case${changed.length === 1 ? "" : "s"} now end${changed.length === 1 ? "s" : ""} differently`}
      data-testid="case-checks-notice"
    >
      <List size="sm">
        {changed.map((check) => (
          <List.Item key={check.case_id}>
            <Text span size="sm" fw={600}>
              {check.name}
            </Text>
            : {describeDifference(check, label)}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
