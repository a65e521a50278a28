import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { fieldErrorsOf } from "@/lib/field-errors";
import { useBookAppointment, useMoveAppointment } from "../api/portal-api";
import type { PortalRecord } from "../types";

/** `datetime-local` has no zone: the browser's zone is the customer's, so send it with it. */
export function localToIso(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function checkWhen(value: string): string | null {
  if (!value) return "Pick a day and time.";
  return new Date(value).getTime() > Date.now() ? null : "Pick a time in the future.";
}

export function BookAppointmentForm({ onCancel }: { onCancel: () => void }) {
  const book = useBookAppointment();
  const form = useForm({
    initialValues: { starts_at: "", topic: "", notes: "" },
    validate: {
      starts_at: checkWhen,
      topic: (value) => (value.trim() ? null : "Say what it is for."),
    },
  });
  const submit = form.onSubmit((values) =>
    book.mutate(
      { starts_at: localToIso(values.starts_at), topic: values.topic.trim(), notes: values.notes },
      {
        onSuccess: onCancel,
        onError: (error) => form.setErrors(fieldErrorsOf(error, ["starts_at", "topic", "notes"])),
      },
    ),
  );
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="book-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h4" id="book-title">
            Book an appointment
          </Title>
          {book.error && (
            <Alert color="red" variant="light" title="Could not book it">
              {book.error.message}
            </Alert>
          )}
          <TextInput
            type="datetime-local"
            label="When"
            required
            {...form.getInputProps("starts_at")}
          />
          <TextInput label="What for" maxLength={200} required {...form.getInputProps("topic")} />
          <Textarea label="Notes (optional)" maxLength={2000} {...form.getInputProps("notes")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={book.isPending}>
              Book
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const MOVABLE = new Set(["requested", "scheduled", "confirmed", "moved"]);

/** "Move" on an appointment row: a dialog with the new time. */
export function MoveAppointmentButton({ record }: { record: PortalRecord }) {
  const [opened, setOpened] = useState(false);
  const move = useMoveAppointment();
  const form = useForm({ initialValues: { starts_at: "" }, validate: { starts_at: checkWhen } });
  if (!MOVABLE.has(record.status)) return null;
  const submit = form.onSubmit((values) =>
    move.mutate(
      { id: record.id, starts_at: localToIso(values.starts_at) },
      {
        onSuccess: () => setOpened(false),
        onError: (error) => form.setErrors(fieldErrorsOf(error, ["starts_at"])),
      },
    ),
  );
  return (
    <>
      <Button
        size="xs"
        variant="light"
        onClick={() => setOpened(true)}
        aria-label={`Move appointment ${record.reference ?? ""}`.trim()}
      >
        Move
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Move the appointment">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {move.error && (
              <Alert color="red" variant="light" title="Could not move it">
                {move.error.message}
              </Alert>
            )}
            <TextInput
              type="datetime-local"
              label="New time"
              required
              data-autofocus
              {...form.getInputProps("starts_at")}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={move.isPending}>
                Move
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
