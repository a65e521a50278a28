import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { CopyField } from "@/components/copy-field/copy-field";
import { notifyError, notifySuccess } from "@/lib/notify";
import { useRotateIdentitySecret, useSetAllowedOrigins } from "../api/api-keys";
import type { ApiKey } from "../types";
import { IdentitySecretHelp, WebsitesInput, websitesError } from "./website-key-fields";

/** Change the websites a public write key may be used from (the whole list at once). */
export function EditWebsitesModal({
  apiKey,
  onClose,
}: {
  apiKey: ApiKey | null;
  onClose: () => void;
}) {
  const save = useSetAllowedOrigins();
  const [origins, setOrigins] = useState<string[]>([]);
  useEffect(() => {
    setOrigins(apiKey?.allowed_origins ?? []);
    save.reset();
  }, [apiKey, save.reset]);

  const submit = () => {
    if (!apiKey) return;
    save.mutate(
      { id: apiKey.id, origins },
      {
        onSuccess: (key) => {
          notifySuccess(`${key.name} may be used from ${key.allowed_origins.length} website(s).`);
          onClose();
        },
        onError: (error) => notifyError(error, "Could not save the websites"),
      },
    );
  };

  return (
    <Modal opened={apiKey !== null} onClose={onClose} title="Websites of this key" size="lg">
      <Stack gap="md">
        <Text size="sm">
          Pages on these websites may send events with <strong>{apiKey?.name}</strong> (
          {apiKey?.prefix}…); pages anywhere else are refused.
        </Text>
        <WebsitesInput value={origins} onChange={setOrigins} error={websitesError(save.error)} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={save.isPending}>
            Save websites
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Make a new identity secret (after confirming), then show it once. */
export function RotateIdentitySecretModal({
  apiKey,
  onClose,
}: {
  apiKey: ApiKey | null;
  onClose: () => void;
}) {
  const rotate = useRotateIdentitySecret();
  const [secret, setSecret] = useState<string | null>(null);
  const close = () => {
    setSecret(null);
    rotate.reset();
    onClose();
  };

  if (secret) {
    return (
      <Modal
        opened
        onClose={close}
        title="Copy the new identity secret"
        size="lg"
        // Shown once: do not lose it to a stray click outside.
        closeOnClickOutside={false}
      >
        <Stack gap="md">
          <Alert color="yellow" variant="light" title="This is the only time you will see it">
            Put it on your server now: hashes made with the old secret are refused from now on, so
            those pages' events stay anonymous until your server uses the new one.
          </Alert>
          <CopyField label="Identity secret" value={secret} />
          <IdentitySecretHelp />
          <Group justify="flex-end">
            <Button onClick={close}>I have copied it</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }
  return (
    <ConfirmModal
      opened={apiKey !== null}
      title="Make a new identity secret?"
      confirmLabel="Make a new secret"
      danger
      loading={rotate.isPending}
      onClose={close}
      onConfirm={() => {
        if (!apiKey) return;
        rotate.mutate(apiKey.id, {
          onSuccess: (made) => {
            setSecret(made.identity_secret);
            notifySuccess(`${made.api_key.name} has a new identity secret.`);
          },
          onError: (error) => notifyError(error, "Could not make a new identity secret"),
        });
      }}
    >
      {apiKey?.identity_secret_set_at
        ? "The current secret stops working at once: user hashes made with it are refused, and those pages' events stay anonymous until your server uses the new one."
        : "Your server will sign its users' ids with it, so track.js can say who a visitor is."}
    </ConfirmModal>
  );
}
