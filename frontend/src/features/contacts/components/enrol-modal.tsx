import { Alert, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Enrolled } from "@/types/generated/enrollment-actions-api";
import { enrolableQueryOptions, useEnrolContact } from "../api/contacts";

interface EnrolModalProps {
  contactId: string;
  contactName: string;
  opened: boolean;
  onClose: () => void;
}

/**
 * Enrol the contact by hand in a live journey that starts with a "Manual enrolment"
 * trigger; the journey's re-entry rule applies, and a refusal says why.
 */
export function EnrolModal({ contactId, contactName, opened, onClose }: EnrolModalProps) {
  const journeys = useQuery({ ...enrolableQueryOptions, enabled: opened });
  const enrol = useEnrolContact(contactId);
  const [choice, setChoice] = useState<string | null>(null);
  const [answer, setAnswer] = useState<Enrolled | null>(null);
  const options = (journeys.data ?? []).flatMap((journey) =>
    journey.triggers.map((trigger) => ({
      value: `${journey.id}|${trigger.node_id}`,
      label:
        journey.triggers.length > 1
          ? `${journey.name} (v${journey.version}) · ${trigger.label}`
          : `${journey.name} (v${journey.version})`,
    })),
  );
  const close = () => {
    setAnswer(null);
    setChoice(null);
    enrol.reset();
    onClose();
  };
  const submit = () => {
    if (!choice) return;
    const [journeyId = "", triggerNodeId = ""] = choice.split("|");
    enrol.mutate({ journeyId, triggerNodeId }, { onSuccess: setAnswer });
  };
  return (
    <Modal opened={opened} onClose={close} title={`Enrol ${contactName} in a journey`}>
      <Stack>
        {journeys.data && options.length === 0 && (
          <Text size="sm" c="dimmed">
            No live journey starts with a “Manual enrolment” trigger. Add one to a journey and
            publish it to enrol contacts by hand.
          </Text>
        )}
        {options.length > 0 && (
          <Select
            label="Journey"
            placeholder="Pick a journey"
            data={options}
            value={choice}
            onChange={(value) => {
              setChoice(value);
              setAnswer(null);
            }}
            searchable
            data-autofocus
          />
        )}
        {answer?.outcome === "enrolled" && (
          <Alert color="green" variant="light" title="Enrolled">
            {contactName} is in the journey now (version {answer.version}).
          </Alert>
        )}
        {answer?.outcome === "refused" && (
          <Alert color="yellow" variant="light" title="Not enrolled">
            {answer.refused}
          </Alert>
        )}
        {enrol.error && (
          <Alert color="red" variant="light" title="Not enrolled">
            {enrol.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {answer ? "Close" : "Cancel"}
          </Button>
          <Button onClick={submit} disabled={!choice} loading={enrol.isPending}>
            Enrol
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
