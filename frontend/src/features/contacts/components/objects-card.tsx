import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { fieldErrorsOf } from "@/lib/field-errors";
import { formatDateTime } from "@/lib/format";
import { notifyError } from "@/lib/notify";
import {
  objectsQueryOptions,
  useCreateObject,
  useDeleteObject,
  useUpdateObjectStatus,
} from "../api/contacts";
import { type ContactObject, OBJECT_KINDS, type ObjectKind } from "../types";

function StatusEditor({ item, contactId }: { item: ContactObject; contactId: string }) {
  const [status, setStatus] = useState(item.status);
  const update = useUpdateObjectStatus(contactId);
  const label = `${item.kind} ${item.external_ref ?? ""}`.trim();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate(
          { objectId: item.id, status },
          { onError: (error) => notifyError(error, "Could not change the status") },
        );
      }}
    >
      <Group gap={4} wrap="nowrap">
        <TextInput
          size="xs"
          w={120}
          aria-label={`Status of ${label}`}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
        />
        <Button
          size="compact-xs"
          type="submit"
          variant="default"
          disabled={!status.trim() || status === item.status}
          loading={update.isPending}
        >
          Set
        </Button>
      </Group>
    </form>
  );
}

/** Orders, returns, tickets, appointments, subscriptions and enquiries of the contact. */
export function ObjectsCard({ contactId, canEdit }: { contactId: string; canEdit: boolean }) {
  const objects = useQuery(objectsQueryOptions(contactId));
  const create = useCreateObject(contactId);
  const remove = useDeleteObject(contactId);
  const [kind, setKind] = useState<ObjectKind>("order");
  const [status, setStatus] = useState("");
  const [ref, setRef] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="objects-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="objects-title">
          Orders, returns, tickets and more
        </Title>
        <DataTable
          label="Objects"
          minWidth={560}
          framed={false}
          verticalSpacing={6}
          query={objects}
          rowKey="id"
          emptyText="Nothing yet."
          what="the contact's objects"
          columns={[
            {
              header: "What",
              cell: (item) => (
                <>
                  <Badge variant="light" tt="none" radius="sm">
                    {item.kind}
                  </Badge>{" "}
                  <Text span size="sm" fw={600}>
                    {item.external_ref ?? ""}
                  </Text>
                  {Object.keys(item.data).length > 0 && (
                    <Text size="xs" c="dimmed" fw={400}>
                      {Object.entries(item.data)
                        .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
                        .join(" · ")}
                    </Text>
                  )}
                </>
              ),
            },
            {
              header: "Status",
              cell: (item) =>
                canEdit ? (
                  <StatusEditor key={item.status} item={item} contactId={contactId} />
                ) : (
                  <Text size="sm">{item.status}</Text>
                ),
            },
            {
              header: "Dates",
              cell: (item) => (
                <Text size="xs">
                  {item.starts_at && `Starts ${formatDateTime(item.starts_at)}`}
                  {item.due_at && ` Due ${formatDateTime(item.due_at)}`}
                  {!item.starts_at && !item.due_at && `Created ${formatDateTime(item.created_at)}`}
                </Text>
              ),
            },
            ...(canEdit
              ? [
                  {
                    header: "Actions",
                    card: "actions" as const,
                    cell: (item: ContactObject) => (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${item.kind} ${item.external_ref ?? ""}`.trim()}
                        onClick={() =>
                          remove.mutate(item.id, {
                            onError: (error) => notifyError(error, "Could not remove it"),
                          })
                        }
                      >
                        ×
                      </ActionIcon>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {canEdit && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate(
                {
                  kind,
                  status: status.trim(),
                  ...(ref.trim() ? { external_ref: ref.trim() } : {}),
                },
                {
                  onSuccess: () => {
                    setStatus("");
                    setRef("");
                    setErrors({});
                  },
                  onError: (error) => {
                    const found = fieldErrorsOf(error, ["kind", "status", "external_ref"]);
                    setErrors(found);
                    if (Object.keys(found).length === 0) notifyError(error, "Could not add it");
                  },
                },
              );
            }}
          >
            <Group gap="xs" align="flex-start" wrap="wrap">
              <Select
                label="Kind"
                w={{ base: "100%", xs: 150 }}
                data={OBJECT_KINDS}
                value={kind}
                allowDeselect={false}
                onChange={(value) => setKind((value as ObjectKind | null) ?? "order")}
              />
              <TextInput
                label="Reference"
                placeholder="ORD-1234"
                w={{ base: "100%", xs: 150 }}
                value={ref}
                error={errors.external_ref}
                onChange={(e) => setRef(e.currentTarget.value)}
              />
              <TextInput
                label="Status"
                placeholder="placed"
                w={{ base: "100%", xs: 140 }}
                value={status}
                error={errors.status}
                onChange={(e) => setStatus(e.currentTarget.value)}
              />
              <Button
                type="submit"
                mt={{ base: 0, xs: 25 }}
                disabled={!status.trim()}
                loading={create.isPending}
              >
                Add
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}
