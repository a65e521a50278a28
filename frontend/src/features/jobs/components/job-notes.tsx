import { Button, Card, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "@/lib/format";
import { jobKeys, jobsApi, notesQueryOptions } from "../api/jobs";

/** Staff notes, oldest first; Ctrl/⌘+Enter adds one. */
export function JobNotes({ jobId, canWrite }: { jobId: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const notes = useQuery(notesQueryOptions(jobId));
  const [body, setBody] = useState("");
  const add = useMutation({
    mutationFn: () => jobsApi.addNote(jobId, body.trim()),
    onSuccess: () => {
      setBody("");
      void queryClient.invalidateQueries({ queryKey: jobKeys.notes(jobId) });
      void queryClient.invalidateQueries({ queryKey: jobKeys.history(jobId) });
    },
  });
  const submit = () => {
    if (body.trim() && !add.isPending) add.mutate();
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="job-notes-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="job-notes-title">
          Notes
        </Title>
        {notes.error && (
          <Text c="red.8" size="sm">
            Could not load the notes: {notes.error.message}
          </Text>
        )}
        {notes.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            No notes yet.
          </Text>
        )}
        <Stack gap="xs" component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {notes.data?.map((note) => (
            <li key={note.id}>
              <Text size="xs" c="dimmed">
                {note.author?.name ?? "System"} · {formatDateTime(note.created_at)}
              </Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {note.body}
              </Text>
            </li>
          ))}
        </Stack>
        {canWrite && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <Stack gap="xs">
              <Textarea
                label="Add a note"
                description="Ctrl+Enter adds it."
                autosize
                minRows={2}
                maxLength={10_000}
                value={body}
                onChange={(event) => setBody(event.currentTarget.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                    event.preventDefault();
                    submit();
                  }
                }}
                error={add.error?.message}
              />
              <Group justify="flex-end">
                <Button type="submit" size="sm" loading={add.isPending} disabled={!body.trim()}>
                  Add note
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
