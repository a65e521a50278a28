import { Anchor, Badge, Button, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { DataTable } from "@/components/data-table/data-table";
import { PlusIcon } from "@/components/icons/icons";
import { PageHeader } from "@/components/page-header/page-header";
import { paths, segmentPath } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { segmentsQueryOptions } from "../api/segments";

export function SegmentsPage() {
  useDocumentTitle("Segments · Waymark");
  const segments = useQuery(segmentsQueryOptions);
  const canEdit = useCan(["segments:write"]);
  return (
    <Stack gap="lg">
      <PageHeader
        title="Segments"
        description="Saved conditions over contacts, counted live. Journeys use them in conditions and schedules."
        actions={
          canEdit && (
            <Button component={Link} to={paths.segmentNew} leftSection={<PlusIcon size={16} />}>
              New segment
            </Button>
          )
        }
      />
      <DataTable
        label="Segments"
        minWidth={560}
        highlightOnHover
        columns={[
          {
            header: "Segment",
            cell: (segment) => (
              <>
                <Anchor component={Link} to={segmentPath(segment.id)} fw={600} size="sm">
                  {segment.label}
                </Anchor>
                {segment.description && (
                  <Text size="xs" c="dimmed" fw={400}>
                    {segment.description}
                  </Text>
                )}
              </>
            ),
          },
          {
            header: "Name in journeys",
            cell: (segment) => (
              <Text size="sm" ff="monospace">
                {segment.name}
              </Text>
            ),
          },
          {
            header: "Contacts",
            cell: (segment) =>
              segment.count === null ? (
                <Badge color="red" variant="dot" tt="none" title={segment.problems.join("\n")}>
                  Cannot count
                </Badge>
              ) : (
                <Anchor
                  component={Link}
                  to={`${paths.contacts}?segment=${encodeURIComponent(segment.name)}`}
                  size="sm"
                  aria-label={`${segment.count} contacts in ${segment.label}`}
                >
                  {segment.count}
                </Anchor>
              ),
          },
        ]}
        query={segments}
        rowKey="id"
        emptyText="No segments yet."
        what="segments"
      />
    </Stack>
  );
}
