import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { notifyError, notifySuccess } from "@/lib/notify";
import type { CaseCheck, TestCase } from "@/types/generated/test-runs-api";
import { testCasesQueryOptions, useDeleteTestCase, useSaveTestCase } from "../../../api/test-runs";
import {
  describeDifference,
  describeResult,
  isExisting,
  resultOf,
  testRequest,
  toMadeUpForm,
} from "../../../model/test-run";
import { useNodeLabel } from "./run-actions";
import { emptyStart, useTestStore } from "./test-store";
import { canvasDefinition } from "./use-test-run";

const VERDICT: Record<CaseCheck["verdict"], { label: string; color: string }> = {
  same: { label: "Same", color: "green" },
  changed: { label: "Changed", color: "orange" },
  fails: { label: "Fails", color: "red" },
};

/** "Save as case": the run as it is now, with how it ends as the expectation. */
export function SaveAsCase({ journeyId, canWrite }: { journeyId: string; canWrite: boolean }) {
  const run = useTestStore((s) => s.run);
  const [name, setName] = useState("");
  const [open, setOpen] = useState(false);
  const save = useSaveTestCase(journeyId);
  const label = useNodeLabel();
  if (!run || !canWrite) return null;
  if (!open)
    return (
      <Button size="xs" variant="default" onClick={() => setOpen(true)}>
        Save as case…
      </Button>
    );
  const submit = async () => {
    const { setup, choices } = useTestStore.getState();
    try {
      await save.mutateAsync({
        name: name.trim(),
        run: testRequest(setup, choices, canvasDefinition()),
      });
      notifySuccess(`“${name.trim()}” is checked on every save of the draft.`, "Case saved");
      setName("");
      setOpen(false);
    } catch (error) {
      notifyError(error, "The case was not saved");
    }
  };
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      aria-label="Save the run as a case"
    >
      <TextInput
        label="Case name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
        maxLength={120}
        data-autofocus
        autoFocus
      />
      <Text size="xs" c="dimmed">
        Expected: it {describeResult(resultOf(run), label)}.
      </Text>
      <Group gap="xs">
        <Button size="xs" type="submit" loading={save.isPending} disabled={!name.trim()}>
          Save case
        </Button>
        <Button size="xs" variant="default" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/** The journey's saved cases, each with its verdict on the draft as last saved. */
export function TestCases({
  journeyId,
  canWrite,
  onLoad,
}: {
  journeyId: string;
  canWrite: boolean;
  onLoad: (testCase: TestCase) => void;
}) {
  const cases = useQuery(testCasesQueryOptions(journeyId));
  const checks = useTestStore((s) => s.checks);
  const checking = useTestStore((s) => s.checking);
  const remove = useDeleteTestCase(journeyId);
  const label = useNodeLabel();
  if (cases.isPending) return <Loader size="xs" />;
  if (cases.error)
    return (
      <Alert color="red" variant="light">
        {cases.error.message}
      </Alert>
    );
  if (cases.data.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No saved cases yet. Run a test and save it as a case: it is run again on every save.
      </Text>
    );
  return (
    <Stack gap="xs">
      <Group gap={6}>
        <Text size="xs" c="dimmed" aria-live="polite">
          {checking ? "Checking against the saved draft…" : "Checked against the saved draft."}
        </Text>
        {checking && <Loader size={12} />}
      </Group>
      <ul style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label="Saved cases">
        {cases.data.map((testCase) => {
          const check = checks?.find((c) => c.case_id === testCase.id);
          const verdict = check ? VERDICT[check.verdict] : null;
          return (
            <li key={testCase.id} data-testid="test-case" data-verdict={check?.verdict ?? ""}>
              <Stack gap={2} py={4}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                    {testCase.name}
                  </Text>
                  <Group gap={4} wrap="nowrap">
                    {verdict && (
                      <Badge
                        size="sm"
                        color={verdict.color}
                        variant="light"
                        c={`${verdict.color}.9`}
                      >
                        {verdict.label}
                      </Badge>
                    )}
                    <Tooltip label="Load it in the test">
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        aria-label={`Load “${testCase.name}” in the test`}
                        onClick={() => onLoad(testCase)}
                      >
                        ▶
                      </ActionIcon>
                    </Tooltip>
                    {canWrite && (
                      <Tooltip label="Delete the case">
                        <ActionIcon
                          size="sm"
                          variant="subtle"
                          color="red"
                          aria-label={`Delete “${testCase.name}”`}
                          onClick={() => remove.mutate(testCase.id)}
                        >
                          ✕
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Group>
                {check && check.verdict !== "same" ? (
                  <Text size="xs" c={check.verdict === "fails" ? "red.8" : "orange.9"}>
                    {describeDifference(check, label)}
                  </Text>
                ) : (
                  <Text size="xs" c="dimmed">
                    Expected: it {describeResult(testCase.expected, label)}.
                  </Text>
                )}
              </Stack>
            </li>
          );
        })}
      </ul>
    </Stack>
  );
}

/** A saved case's request, put in the panel (its made-up contact in the form). */
export function loadCase(testCase: TestCase) {
  const { request } = testCase;
  const contact = request.contact;
  const state = useTestStore.getState();
  const existing = isExisting(contact);
  state.patch({
    contactMode: existing ? "existing" : "made_up",
    madeUp: isExisting(contact) ? state.madeUp : toMadeUpForm(contact),
    existingId: isExisting(contact) ? contact.contact_id : state.existingId,
    setup: {
      contact,
      start: request.start ?? emptyStart(),
      forced: (request.forced_branches ?? {}) as Record<string, string>,
    },
    run: null,
    failure: null,
  });
  return request.choices ?? [];
}
