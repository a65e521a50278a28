import { Alert, Button, FileInput, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import { journeyPath } from "@/config/paths";
import { journeyApi, problemsOf, useJourneyMutation } from "../../api/journeys";
import type { Journey, Problem } from "../../types";
import { ProblemList } from "../problem-list";

interface ImportModalProps {
  opened: boolean;
  onClose: () => void;
}

/** Upload an exported journey; a document that does not decode shows its problems. */
export function ImportModal({ opened, onClose }: ImportModalProps) {
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<{ message: string; problems: Problem[] } | null>(null);
  const [imported, setImported] = useState<Journey | null>(null);
  const importJourney = useJourneyMutation((doc: unknown) => journeyApi.importDocument(doc));

  const close = () => {
    setFile(null);
    setFailure(null);
    setImported(null);
    onClose();
  };

  const submit = async () => {
    if (!file) return;
    setFailure(null);
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      setFailure({
        message: "This file is not JSON: export a journey from Waymark and try again.",
        problems: [],
      });
      return;
    }
    importJourney.mutate(doc, {
      onSuccess: (journey) => {
        if (!journey.problems.some((p) => p.severity !== "warning")) {
          close();
          navigate(journeyPath(journey.id));
        } else setImported(journey);
      },
      onError: (error) => setFailure({ message: error.message, problems: problemsOf(error) }),
    });
  };

  return (
    <Modal opened={opened} onClose={close} title="Import a journey" size="lg">
      <Stack>
        <FileInput
          label="Journey file"
          description="A .journey.json file exported from Waymark"
          placeholder="Choose a file"
          accept="application/json,.json"
          value={file}
          onChange={(f) => {
            setFile(f);
            setFailure(null);
          }}
          clearable
        />
        {failure && (
          <Alert color="red" variant="light" title="The journey could not be imported">
            <Stack gap="xs">
              <Text size="sm">{failure.message}</Text>
              {failure.problems.length > 0 && <ProblemList problems={failure.problems} />}
            </Stack>
          </Alert>
        )}
        {imported && (
          <Alert
            color="yellow"
            variant="light"
            title="Imported as a draft, with problems to fix first"
          >
            <ProblemList problems={imported.problems} />
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {imported ? "Close" : "Cancel"}
          </Button>
          {imported ? (
            <Button onClick={() => navigate(journeyPath(imported.id))}>Open the journey</Button>
          ) : (
            <Button onClick={submit} disabled={!file} loading={importJourney.isPending}>
              Import
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
