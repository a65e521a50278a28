import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { portalRecordPath } from "@/config/paths";
import { fieldErrorsOf } from "@/lib/field-errors";
import { listQueryOptions, useRaiseTicket } from "../api/portal-api";

type TicketKind = "complaint" | "enquiry";

/** Raise a complaint or ask a question, optionally about one of your orders. */
export function TicketForm({ onCancel }: { onCancel: () => void }) {
  const orders = useQuery(listQueryOptions("orders"));
  const raise = useRaiseTicket();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { kind: "enquiry" as TicketKind, subject: "", message: "", order_id: "" },
    validate: {
      subject: (value) => (value.trim() ? null : "Give it a short subject."),
      message: (value) => (value.trim() ? null : "Tell us more."),
    },
  });

  const submit = form.onSubmit((values) =>
    raise.mutate(
      {
        kind: values.kind,
        subject: values.subject.trim(),
        message: values.message.trim(),
        order_id: values.order_id || null,
      },
      {
        onSuccess: (detail) => navigate(portalRecordPath(detail.record.id)),
        onError: (error) =>
          form.setErrors(fieldErrorsOf(error, ["subject", "message", "order_id"])),
      },
    ),
  );

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="ticket-form-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h4" id="ticket-form-title">
            Contact support
          </Title>
          {raise.error && (
            <Alert color="red" variant="light" title="Could not send it">
              {raise.error.message}
            </Alert>
          )}
          <Stack gap={4}>
            <Text size="sm" fw={500} id="ticket-kind-label">
              This is
            </Text>
            <SegmentedControl
              aria-labelledby="ticket-kind-label"
              data={[
                { value: "enquiry", label: "A question" },
                { value: "complaint", label: "A complaint" },
              ]}
              {...form.getInputProps("kind")}
            />
          </Stack>
          <TextInput label="Subject" maxLength={200} required {...form.getInputProps("subject")} />
          <Textarea
            label="Message"
            autosize
            minRows={3}
            maxLength={5000}
            required
            {...form.getInputProps("message")}
          />
          <Select
            label="About an order (optional)"
            clearable
            data={(orders.data ?? []).map((order) => ({
              value: order.id,
              label: order.reference ?? order.id,
            }))}
            {...form.getInputProps("order_id")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={raise.isPending}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
