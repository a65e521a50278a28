import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { CopyField } from "@/components/copy-field/copy-field";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import { KEY_SCOPES, type Permission } from "@/lib/permissions";
import { useCreateApiKey } from "../api/api-keys";
import type { ApiKeyKind } from "../types";
import { IdentitySecretHelp, WebsitesInput, websitesError } from "./website-key-fields";

interface KeyValues {
  name: string;
  kind: ApiKeyKind;
  scopes: string[];
  origins: string[];
}

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateApiKey();
  const form = useForm<KeyValues>({
    initialValues: { name: "", kind: "server", scopes: [], origins: [] },
    validate: {
      name: (value) => (value.trim() ? null : "Name the key after what uses it."),
      scopes: (value, values) =>
        values.kind === "server" && value.length === 0
          ? "Give a server key at least one scope."
          : null,
    },
  });

  const close = () => {
    onClose();
    form.reset();
    create.reset();
  };

  const submit = form.onSubmit((values) => {
    const server = values.kind === "server";
    create.mutate(
      {
        name: values.name.trim(),
        kind: values.kind,
        // A public write key can only send tracking events: the server gives it that scope.
        scopes: server ? (values.scopes as Permission[]) : [],
        ...(server ? {} : { allowed_origins: values.origins }),
      },
      {
        onSuccess: (created) => notifySuccess(`${created.api_key.name} created.`, "Key created"),
        onError: (error) => {
          form.setErrors({
            ...fieldErrorsOf(error, ["name", "kind", "scopes"]),
            origins: websitesError(error),
          });
          notifyError(error, "Could not create the key");
        },
      },
    );
  });

  const created = create.data;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? "Copy your new key" : "Create API key"}
      size="lg"
      // The secret is shown once: do not lose it to a stray click outside.
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" title="This is the only time you will see this key">
            Waymark keeps only a hash of it. Copy it now and store it somewhere safe; if it is lost,
            revoke it and create another.
            {created.identity_secret &&
              " The identity secret is shown once too; if it is lost, make a new one from the list."}
          </Alert>
          <CopyField label="Secret key" value={created.key} />
          <Text size="sm" c="dimmed">
            {created.api_key.kind === "public_write"
              ? "Use it as track.js's key (data-key, or ?key=) on the websites you listed."
              : "Send it as Authorization: Bearer … from the server that calls Waymark."}
          </Text>
          {created.identity_secret && (
            <>
              <CopyField label="Identity secret" value={created.identity_secret} />
              <IdentitySecretHelp />
            </>
          )}
          <Group justify="flex-end">
            <Button onClick={close}>I have copied it</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {create.error && (
              <Alert color="red" variant="light" title="Not created">
                {create.error.message}
              </Alert>
            )}
            <TextInput
              label="Name"
              description="What uses the key, e.g. Shop backend."
              required
              data-autofocus
              {...form.getInputProps("name")}
            />
            <Radio.Group label="Kind" required {...form.getInputProps("kind")}>
              <Stack gap="xs" mt="xs">
                <Radio
                  value="server"
                  label="Server"
                  description="For server-to-server calls; can do what its scopes allow."
                />
                <Radio
                  value="public_write"
                  label="Public write"
                  description="Safe in a web page: can only send tracking events, from the websites you list."
                />
              </Stack>
            </Radio.Group>
            {form.values.kind === "public_write" && (
              <WebsitesInput
                value={form.values.origins}
                onChange={(origins) => form.setFieldValue("origins", origins)}
                error={form.errors.origins as string | undefined}
              />
            )}
            {form.values.kind === "server" && (
              <Checkbox.Group
                label="Scopes"
                description="What the key may do. Managing accounts and keys stays with people."
                required
                {...form.getInputProps("scopes")}
              >
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
                  {KEY_SCOPES.map((scope) => (
                    <Checkbox key={scope} value={scope} label={scope} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
