import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, Timeline } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { NotFound } from "@/components/not-found/not-found";
import { PageHeader } from "@/components/page-header/page-header";
import { paths } from "@/config/paths";
import { isApiError } from "@/lib/api-client";
import { formatDateTime } from "@/lib/format";
import { recordQueryOptions } from "../api/portal-api";
import { KIND_LABELS, recordSummary } from "./record-summary";

/** One record and the stages it went through; re-read every few seconds while open. */
export function RecordPage() {
  const { id = "" } = useParams();
  const { data, error, isPending } = useQuery(recordQueryOptions(id));
  const title = data
    ? `${KIND_LABELS[data.record.kind]} ${data.record.reference ?? ""}`.trim()
    : "Your request";
  useDocumentTitle(`${title} · Customer portal`);

  if (isApiError(error) && error.status === 404) {
    return <NotFound homeHref={paths.portal} homeLabel="Back to the portal" />;
  }
  return (
    <Stack gap="lg">
      <PageHeader title={title} description={data ? recordSummary(data.record) : undefined} />
      <LoadError what="this record" error={error} />
      {isPending && <Skeleton height={160} />}
      {data && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <Group gap="sm">
              <Text fw={600}>Where it stands:</Text>
              <Badge size="lg" variant="light" color="blue" style={{ textTransform: "none" }}>
                {data.record.status_label}
              </Badge>
            </Group>
            <Timeline
              active={data.progress.length - 1}
              bulletSize={18}
              lineWidth={2}
              aria-label="Progress"
            >
              {data.progress.map((step) => (
                <Timeline.Item key={`${step.status}-${step.at}`} title={step.label}>
                  <Text size="sm" c="dimmed">
                    {formatDateTime(step.at)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
            {typeof data.record.data.reason === "string" && (
              <Text size="sm">
                <Text span fw={600}>
                  Your reason:{" "}
                </Text>
                {data.record.data.reason}
              </Text>
            )}
            {typeof data.record.data.message === "string" && (
              <Text size="sm">{data.record.data.message}</Text>
            )}
          </Stack>
        </Card>
      )}
      <Anchor component={Link} to={paths.portal} size="sm">
        Back to the portal
      </Anchor>
    </Stack>
  );
}
