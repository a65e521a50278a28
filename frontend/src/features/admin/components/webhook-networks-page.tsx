import { Alert, Button, Card, Code, Group, List, Stack, Text, Textarea } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { isApiError } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";
import type { WebhookNetworks } from "@/types/generated/webhook-networks-api";
import { useSaveWebhookNetworks, webhookNetworksQueryOptions } from "../api/webhook-networks";

/** One network a line; blank lines are ignored. */
function linesOf(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The problem's `networks[i]` errors as "Line n: message", in line order. */
function lineErrors(error: unknown): string[] {
  if (!isApiError(error) || !Array.isArray(error.problem?.errors)) return [];
  return (error.problem.errors as { field?: unknown; message?: unknown }[]).flatMap((item) => {
    const index = /^networks\[(\d+)\]$/.exec(String(item.field ?? ""))?.[1];
    return index === undefined ? [] : [`Line ${Number(index) + 1}: ${String(item.message)}`];
  });
}

function Source({ current }: { current: WebhookNetworks }) {
  if (current.source === "environment") {
    return (
      <Text size="sm" c="dimmed">
        From the environment (<Code>WAYMARK_WEBHOOK_ALLOW_NETWORKS</Code>); saving here replaces it.
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed">
      Saved {formatDateTime(current.updated_at)}
      {current.updated_by ? ` by ${current.updated_by.email}` : ""}.
      {current.environment.length > 0 &&
        ` The environment's list (${current.environment.join(", ")}) no longer applies.`}
    </Text>
  );
}

/** Admin · Webhook networks: the private networks webhook steps may call, changed live. */
export function WebhookNetworksPage() {
  useDocumentTitle("Webhook networks · Admin · Waymark");
  const current = useQuery(webhookNetworksQueryOptions);
  const save = useSaveWebhookNetworks();
  const [text, setText] = useState("");
  const loaded = current.data?.networks.join("\n");
  useEffect(() => {
    if (loaded !== undefined) setText(loaded);
  }, [loaded]);
  const errors = lineErrors(save.error);

  return (
    <Stack gap="lg">
      <PageHeader
        title="Webhook networks"
        description="Webhook steps never call loopback, private or link-local addresses, except in the networks listed here. A change applies to the next call, without a restart."
      />
      <LoadError what="the allow-list" error={current.error} />
      {current.data && (
        <Card withBorder radius="md">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              save.mutate({ networks: linesOf(text) });
            }}
          >
            <Stack gap="sm">
              <Textarea
                label="Allowed networks"
                description="One address or network a line, such as 10.20.0.0/16 or 192.168.1.5. Empty allows none."
                autosize
                minRows={4}
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                error={errors.length > 0 ? "Some lines are not networks." : undefined}
                styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              />
              {errors.length > 0 && (
                <List size="sm" c="red" aria-label="Problems">
                  {errors.map((message) => (
                    <List.Item key={message}>{message}</List.Item>
                  ))}
                </List>
              )}
              {save.isError && errors.length === 0 && (
                <Alert color="red" title="Not saved">
                  {save.error.message}
                </Alert>
              )}
              {save.isSuccess && (
                <Text size="sm" c="teal" role="status">
                  Saved: the next webhook call uses this list.
                </Text>
              )}
              <Source current={current.data} />
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending}>
                  Save
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </Stack>
  );
}
