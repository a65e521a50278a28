import { Alert, Button, Group, Loader, Modal, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { whatIfContactsQueryOptions } from "./api";
import type { Drill } from "./what-if-overlay";

/** The contacts behind one number of a what-if, 50 at a time. */
export function WhatIfContactsModal({
  journeyId,
  runId,
  drill,
  onClose,
}: {
  journeyId: string;
  runId: string;
  drill: Drill | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={drill !== null} onClose={onClose} title={drill?.title ?? ""} size="lg">
      {drill && (
        <ContactPages key={`${drill.bucket}:${drill.side}`} {...{ journeyId, runId, drill }} />
      )}
    </Modal>
  );
}

function ContactPages({
  journeyId,
  runId,
  drill,
}: {
  journeyId: string;
  runId: string;
  drill: Drill;
}) {
  // The cursors of the pages seen so far: [null, after page 1, after page 2…].
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const page = useQuery(
    whatIfContactsQueryOptions(journeyId, runId, drill.bucket, drill.side, after),
  );
  if (page.error) {
    return (
      <Alert color="red" title="Could not list the contacts">
        {page.error.message}
      </Alert>
    );
  }
  if (!page.data) return <Loader size="sm" aria-label="Loading the contacts" />;
  const { items, next_after } = page.data;
  return (
    <Stack gap="sm">
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {drill.bucket.startsWith("waiting:") && drill.side === "live"
            ? "The live side has no “still waiting” figure."
            : "No contacts."}
        </Text>
      ) : (
        <Table striped data-testid="what-if-contacts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Contact</Table.Th>
              <Table.Th>Email</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((row) => (
              <Table.Tr key={row.contact_id}>
                <Table.Td>
                  <Link to={`/contacts/${row.contact_id}`}>{row.name || row.contact_id}</Link>
                </Table.Td>
                <Table.Td>{row.email ?? "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          Page {cursors.length}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            disabled={cursors.length === 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={!next_after}
            onClick={() => next_after && setCursors([...cursors, next_after])}
          >
            Next
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
