import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { TableScroll } from "@/components/table-scroll/table-scroll";
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
        <LoadError what="the contact's objects" error={objects.error} />
        <TableScroll label="Objects table" minWidth={560}>
          <Table aria-label="Objects" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>What</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Dates</Table.Th>
                {canEdit && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {objects.data?.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    <Badge variant="light" tt="none" radius="sm">
                      {item.kind}
                    </Badge>{" "}
                    <Text span size="sm" fw={600}>
                      {item.external_ref ?? ""}
                    </Text>
                    {Object.keys(item.data).length > 0 && (
                      <Text size="xs" c="dimmed">
                        {Object.entries(item.data)
                          .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
                          .join(" · ")}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canEdit ? (
                      <StatusEditor key={item.status} item={item} contactId={contactId} />
                    ) : (
                      <Text size="sm">{item.status}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {item.starts_at && `Starts ${formatDateTime(item.starts_at)}`}
                      {item.due_at && ` Due ${formatDateTime(item.due_at)}`}
                      {!item.starts_at &&
                        !item.due_at &&
                        `Created ${formatDateTime(item.created_at)}`}
                    </Text>
                  </Table.Td>
                  {canEdit && (
                    <Table.Td>
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
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
              {objects.data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={canEdit ? 4 : 3}>
                    <Text size="sm" c="dimmed">
                      Nothing yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </TableScroll>
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
                w={150}
                data={OBJECT_KINDS}
                value={kind}
                allowDeselect={false}
                onChange={(value) => setKind((value as ObjectKind | null) ?? "order")}
              />
              <TextInput
                label="Reference"
                placeholder="ORD-1234"
                w={150}
                value={ref}
                error={errors.external_ref}
                onChange={(e) => setRef(e.currentTarget.value)}
              />
              <TextInput
                label="Status"
                placeholder="placed"
                w={140}
                value={status}
                error={errors.status}
                onChange={(e) => setStatus(e.currentTarget.value)}
              />
              <Button type="submit" mt={25} disabled={!status.trim()} loading={create.isPending}>
                Add
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}
