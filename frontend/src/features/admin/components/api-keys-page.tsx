import { Badge, Button, Code, Group, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { PlusIcon } from "@/components/icons/icons";
import { PageHeader } from "@/components/page-header/page-header";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import { apiKeysQueryOptions, useRevokeApiKey } from "../api/api-keys";
import type { ApiKey } from "../types";
import { CreateApiKeyModal } from "./create-api-key-modal";
import { EditWebsitesModal, RotateIdentitySecretModal } from "./website-key-modals";

export const KIND_LABELS = { server: "Server", public_write: "Public write" } as const;

interface KeyActions {
  revoke: (key: ApiKey) => void;
  editWebsites: (key: ApiKey) => void;
  rotateSecret: (key: ApiKey) => void;
}

/** A public write key's websites and identity secret; nothing for a server key. */
function WebsitesCell({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.kind !== "public_write") {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={4} maw={280}>
      {apiKey.allowed_origins.length ? (
        <Group gap={4}>
          {apiKey.allowed_origins.map((origin) => (
            <Badge key={origin} variant="light" color="gray" radius="sm" tt="none">
              {origin}
            </Badge>
          ))}
        </Group>
      ) : (
        <Text size="sm" c="red">
          None yet: every page is refused
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {apiKey.identity_secret_set_at
          ? `Identity secret made ${formatDateTime(apiKey.identity_secret_set_at)}`
          : "No identity secret: visitors stay anonymous"}
      </Text>
    </Stack>
  );
}

/** The table's columns, with the actions each row offers. */
function keyColumns({ revoke, editWebsites, rotateSecret }: KeyActions): DataTableColumn<ApiKey>[] {
  return [
    {
      header: "Name",
      cell: (key) => (
        <Text size="sm" fw={600}>
          {key.name}
        </Text>
      ),
    },
    {
      header: "Kind",
      cell: (key) => (
        <Badge
          variant="light"
          color={key.kind === "server" ? "blue" : "grape"}
          radius="sm"
          tt="none"
        >
          {KIND_LABELS[key.kind]}
        </Badge>
      ),
    },
    { header: "Prefix", cell: (key) => <Code fz="xs">{key.prefix}…</Code> },
    {
      header: "Scopes",
      cell: (key) => (
        <Group gap={4} maw={280}>
          {key.scopes.map((scope) => (
            <Badge key={scope} variant="light" color="gray" radius="sm" tt="none">
              {scope}
            </Badge>
          ))}
        </Group>
      ),
    },
    { header: "Websites", cell: (key) => <WebsitesCell apiKey={key} /> },
    {
      header: "Created",
      cell: (key) => (
        <>
          <Text size="sm">{formatDateTime(key.created_at)}</Text>
          <Text size="xs" c="dimmed">
            by {key.created_by}
          </Text>
        </>
      ),
    },
    {
      header: "Last used",
      cell: (key) => <Text size="sm">{formatDateTime(key.last_used_at, "Never")}</Text>,
    },
    {
      header: "Revoked",
      cell: (key) =>
        key.revoked_at ? (
          <Text size="sm">{formatDateTime(key.revoked_at)}</Text>
        ) : (
          <Badge variant="dot" color="green" radius="sm" tt="none">
            Active
          </Badge>
        ),
    },
    {
      header: "Actions",
      hideHeader: true,
      align: "right",
      cell: (key) =>
        !key.revoked_at && (
          <Group gap="xs" justify="flex-end" wrap="nowrap">
            {key.kind === "public_write" && (
              <>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => editWebsites(key)}
                  aria-label={`Websites of ${key.name}`}
                >
                  Websites
                </Button>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => rotateSecret(key)}
                  aria-label={`New identity secret for ${key.name}`}
                >
                  New identity secret
                </Button>
              </>
            )}
            <Button
              variant="light"
              color="red"
              size="xs"
              onClick={() => revoke(key)}
              aria-label={`Revoke ${key.name}`}
            >
              Revoke
            </Button>
          </Group>
        ),
    },
  ];
}

export function ApiKeysPage() {
  useDocumentTitle("API keys · Admin · Waymark");
  const keys = useQuery(apiKeysQueryOptions);
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [rotating, setRotating] = useState<ApiKey | null>(null);

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
        description="Server keys let other systems call Waymark; public write keys let track.js send events from the websites you list."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            Create key
          </Button>
        }
      />

      <DataTable
        label="API keys"
        minWidth={1100}
        columns={keyColumns({
          revoke: setRevoking,
          editWebsites: setEditing,
          rotateSecret: setRotating,
        })}
        query={keys}
        rowKey="id"
        rowProps={(key) => ({ c: key.revoked_at ? "dimmed" : undefined })}
        loadingText="Loading keys…"
        emptyText="No API keys yet."
        what="API keys"
      />

      <CreateApiKeyModal opened={creating} onClose={() => setCreating(false)} />
      <EditWebsitesModal apiKey={editing} onClose={() => setEditing(null)} />
      <RotateIdentitySecretModal apiKey={rotating} onClose={() => setRotating(null)} />
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
