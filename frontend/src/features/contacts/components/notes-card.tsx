import { Button, Card, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { formatDateTime } from "@/lib/format";
import { notifyError } from "@/lib/notify";
import { notesQueryOptions, useAddNote } from "../api/contacts";

export function NotesCard({ contactId, canEdit }: { contactId: string; canEdit: boolean }) {
  const notes = useQuery(notesQueryOptions(contactId));
  const add = useAddNote(contactId);
  const [body, setBody] = useState("");
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="notes-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="notes-title">
          Notes
        </Title>
        <LoadError what="notes" error={notes.error} />
        {canEdit && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate(body.trim(), {
                onSuccess: () => setBody(""),
                onError: (error) => notifyError(error, "Could not add the note"),
              });
            }}
          >
            <Stack gap="xs">
              <Textarea
                label="New note"
                autosize
                minRows={2}
                value={body}
                onChange={(e) => setBody(e.currentTarget.value)}
              />
              <Group justify="flex-end">
                <Button type="submit" disabled={!body.trim()} loading={add.isPending}>
                  Add note
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {notes.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            No notes yet.
          </Text>
        )}
        {notes.data?.map((note) => (
          <Stack key={note.id} gap={2}>
            <Text size="xs" c="dimmed">
              {note.author?.name ?? "Someone"} · {formatDateTime(note.created_at)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {note.body}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
