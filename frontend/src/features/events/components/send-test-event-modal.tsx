import {
  Alert,
  Anchor,
  Autocomplete,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { isApiError } from "@/lib/api-client";
import { eventNamesQueryOptions, type SendResult, useSendTestEvent } from "../api/events";
import {
  CONTACT_KINDS,
  type ContactKind,
  EMPTY_TEST_EVENT,
  formErrorsOf,
  type TestEventValues,
  toEnvelope,
  validateTestEvent,
} from "../model/test-event";

interface SendTestEventModalProps {
  opened: boolean;
  onClose: () => void;
  /** Show the stored event (the page opens its detail). */
  onShowEvent: (id: number) => void;
}

function serverFieldErrors(error: unknown): { field: string; message: string }[] {
  if (!isApiError(error)) return [];
  const raw = error.problem?.errors;
  return Array.isArray(raw)
    ? raw.filter(
        (e): e is { field: string; message: string } =>
          typeof e === "object" && e !== null && "field" in e && "message" in e,
      )
    : [];
}

/**
 * Sends one event through the real API (`POST /api/v1/events`, with the session), so a
 * journey can be tried out. Problems show beside their field, the server's too.
 */
export function SendTestEventModal({ opened, onClose, onShowEvent }: SendTestEventModalProps) {
  const names = useQuery({ ...eventNamesQueryOptions, enabled: opened });
  const send = useSendTestEvent();
  const form = useForm<TestEventValues>({
    initialValues: EMPTY_TEST_EVENT,
    validate: validateTestEvent,
    validateInputOnBlur: true,
  });

  const close = () => {
    onClose();
    send.reset();
  };

  const submit = form.onSubmit((values) => {
    send.mutate(toEnvelope(values), {
      onError: (error) => form.setErrors(formErrorsOf(serverFieldErrors(error))),
    });
  });

  const result: SendResult | undefined = send.data;

  return (
    <Modal opened={opened} onClose={close} title="Send a test event" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            The event goes through the real API, like one from your systems: it is stored, and
            journeys whose trigger matches start for the contact.
          </Text>
          {result && (
            <Alert
              color={result.duplicate ? "yellow" : "green"}
              variant="light"
              title={result.duplicate ? "Already sent" : "Event accepted"}
              role="status"
            >
              <Group gap="xs">
                <Text size="sm">
                  {result.duplicate
                    ? `An event with this key was stored before (event ${result.id}).`
                    : `Stored as event ${result.id}; the worker has been told.`}
                </Text>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => onShowEvent(result.id)}
                >
                  Show event {result.id}
                </Anchor>
              </Group>
            </Alert>
          )}
          {send.error && (
            <Alert color="red" variant="light" title="Not sent" role="alert">
              {send.error.message}
            </Alert>
          )}
          <Autocomplete
            label="Event name"
            description="A name seen before, or a new one such as order.placed."
            placeholder="order.placed"
            required
            data-autofocus
            data={names.data?.names ?? []}
            // Few enough to fit without scrolling: a scrolling list of options is a
            // region keyboard users cannot reach (the options are chosen with arrows).
            limit={8}
            maxDropdownHeight={400}
            {...form.getInputProps("name")}
          />
          <Group align="flex-start" gap="sm" grow>
            <Select
              label="Contact identified by"
              data={CONTACT_KINDS}
              allowDeselect={false}
              {...form.getInputProps("contactKind")}
              onChange={(value) =>
                form.setFieldValue("contactKind", (value ?? "email") as ContactKind)
              }
            />
            <TextInput
              label="Contact"
              description="Created when nobody matches."
              required
              placeholder={form.values.contactKind === "email" ? "ada@example.com" : "cust-1001"}
              {...form.getInputProps("contact")}
            />
          </Group>
          <Textarea
            label="Properties"
            description='A JSON object, e.g. {"order_id": "ORD-1", "value": 120}.'
            autosize
            minRows={4}
            maxRows={14}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            spellCheck={false}
            {...form.getInputProps("properties")}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Close
            </Button>
            <Button type="submit" loading={send.isPending}>
              Send event
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
