import { Alert, Button, Group, Paper, Select, Stack, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { portalRecordPath } from "@/config/paths";
import { fieldErrorsOf } from "@/lib/field-errors";
import { listQueryOptions, useRequestReturn } from "../api/portal-api";
import { recordSummary } from "./record-summary";

// Orders not yet sent have nothing to return (the server says the same).
const NOT_RETURNABLE = new Set(["placed", "cancelled"]);

interface ReturnFormProps {
  orderId?: string | null;
  onCancel: () => void;
}

/** Start a return: which of your orders, and why. Opens the new return's progress page. */
export function ReturnForm({ orderId, onCancel }: ReturnFormProps) {
  const orders = useQuery(listQueryOptions("orders"));
  const request = useRequestReturn();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { order_id: orderId ?? "", reason: "" },
    validate: {
      order_id: (value) => (value ? null : "Choose the order to return."),
      reason: (value) => (value.trim() ? null : "Tell us what is wrong with it."),
    },
  });
  const options = (orders.data ?? [])
    .filter((order) => !NOT_RETURNABLE.has(order.status))
    .map((order) => ({
      value: order.id,
      label: `${order.reference ?? "Order"} — ${recordSummary(order)}`,
    }));

  const submit = form.onSubmit((values) =>
    request.mutate(
      { order_id: values.order_id, reason: values.reason.trim() },
      {
        onSuccess: (detail) => navigate(portalRecordPath(detail.record.id)),
        onError: (error) => form.setErrors(fieldErrorsOf(error, ["order_id", "reason"])),
      },
    ),
  );

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="return-form-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h4" id="return-form-title">
            Start a return
          </Title>
          {request.error && (
            <Alert color="red" variant="light" title="Could not start the return">
              {request.error.message}
            </Alert>
          )}
          <Select
            label="Order"
            placeholder={orders.isPending ? "Loading your orders…" : "Choose an order"}
            data={options}
            required
            nothingFoundMessage="No order that can be returned"
            {...form.getInputProps("order_id")}
          />
          <Textarea
            label="What is wrong with it?"
            autosize
            minRows={3}
            maxLength={5000}
            required
            {...form.getInputProps("reason")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={request.isPending}>
              Request the return
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
