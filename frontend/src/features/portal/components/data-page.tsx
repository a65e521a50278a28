import { Alert, Button, Card, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmModal } from "@/components/confirm-modal/confirm-modal";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { formatDateTime } from "@/lib/format";
import { DATA_EXPORT_URL, erasureQueryOptions, useRequestErasure } from "../api/portal-api";

const ERASURE_WORDS = {
  requested: "We have your request to erase your data and are working on it.",
  completed: "Your data has been erased.",
  declined: "We could not erase your data; we have written to you to explain why.",
} as const;

/** Data rights: download everything we hold, or ask to be forgotten. */
export function DataPage() {
  useDocumentTitle("My data · Customer portal");
  const erasure = useQuery(erasureQueryOptions);
  const request = useRequestErasure();
  const [confirming, setConfirming] = useState(false);

  return (
    <Stack gap="lg">
      <PageHeader
        title="My data"
        description="See everything we hold about you, or ask us to erase it."
      />
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="export-title">
        <Stack gap="sm" align="flex-start">
          <Title order={2} size="h4" id="export-title">
            Download your data
          </Title>
          <Text size="sm">
            One file (JSON) with your details, choices, orders, requests, messages and activity.
          </Text>
          {/* A plain link: the server's attachment is saved by the browser as is. */}
          <Button component="a" href={DATA_EXPORT_URL} download>
            Download my data
          </Button>
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="erase-title">
        <Stack gap="sm" align="flex-start">
          <Title order={2} size="h4" id="erase-title">
            Erase your data
          </Title>
          <LoadError what="your erasure request" error={erasure.error} />
          {erasure.data ? (
            <Alert color={erasure.data.status === "declined" ? "orange" : "blue"} variant="light">
              {ERASURE_WORDS[erasure.data.status]} (asked{" "}
              {formatDateTime(erasure.data.requested_at)})
            </Alert>
          ) : (
            <Text size="sm">
              Our data-protection team checks the request (we may need to keep invoices by law),
              then removes your name and contact details. You will not be able to sign in
              afterwards.
            </Text>
          )}
          {request.error && (
            <Alert color="red" variant="light" title="Could not send the request">
              {request.error.message}
            </Alert>
          )}
          {erasure.data?.status !== "requested" && (
            <Button color="red" variant="light" onClick={() => setConfirming(true)}>
              Ask us to erase my data
            </Button>
          )}
        </Stack>
      </Card>
      <ConfirmModal
        opened={confirming}
        title="Erase your data?"
        confirmLabel="Yes, erase my data"
        danger
        loading={request.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => request.mutate(undefined, { onSettled: () => setConfirming(false) })}
      >
        Once our team has done it, it cannot be undone and you will not be able to sign in.
      </ConfirmModal>
    </Stack>
  );
}
