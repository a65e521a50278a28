import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { PlusIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import { apiKeysQueryOptions, useRevokeApiKey } from "../api/api-keys";
import type { ApiKey } from "../types";
import { CreateApiKeyModal } from "./create-api-key-modal";

export const KIND_LABELS = { server: "Server", public_write: "Public write" } as const;

export function ApiKeysPage() {
  useDocumentTitle("API keys · Admin · Waymark");
  const keys = useQuery(apiKeysQueryOptions);
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: (key) => {
        notifySuccess(`${key.name} was revoked; it no longer works.`, "Key revoked");
        setRevoking(null);
      },
      onError: (error) => notifyError(error, "Could not revoke the key"),
    });
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title="API keys"
        description="Server keys let other systems call Waymark; public write keys let track.js send events."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            Create key
          </Button>
        }
      />

      <LoadError what="API keys" error={keys.error} />

      <Card withBorder radius="md" padding={0}>
        <TableScroll label="API keys table" minWidth={900}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Prefix</Table.Th>
                <Table.Th>Scopes</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Revoked</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={8}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading keys…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {keys.data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={8}>
                    <Text c="dimmed" ta="center" py="lg">
                      No API keys yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {keys.data?.map((key) => (
                <Table.Tr key={key.id} c={key.revoked_at ? "dimmed" : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {key.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={key.kind === "server" ? "blue" : "grape"}
                      radius="sm"
                      tt="none"
                    >
                      {KIND_LABELS[key.kind]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Code fz="xs">{key.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} maw={280}>
                      {key.scopes.map((scope) => (
                        <Badge key={scope} variant="light" color="gray" radius="sm" tt="none">
                          {scope}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(key.created_at)}</Text>
                    <Text size="xs" c="dimmed">
                      by {key.created_by}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(key.last_used_at, "Never")}</Text>
                  </Table.Td>
                  <Table.Td>
                    {key.revoked_at ? (
                      <Text size="sm">{formatDateTime(key.revoked_at)}</Text>
                    ) : (
                      <Badge variant="dot" color="green" radius="sm" tt="none">
                        Active
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {!key.revoked_at && (
                      <Button
                        variant="light"
                        color="red"
                        size="xs"
                        onClick={() => setRevoking(key)}
                        aria-label={`Revoke ${key.name}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>

      <CreateApiKeyModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke key"
        danger
        loading={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
      >
        Every system using <strong>{revoking?.name}</strong> ({revoking?.prefix}…) is refused from
        now on. A revoked key cannot be restored.
      </ConfirmModal>
    </Stack>
  );
}
