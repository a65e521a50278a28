import { Anchor, Badge, Button, Card, Stack, Table, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { PlusIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
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
      <LoadError what="segments" error={segments.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Segments table" minWidth={560}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Segments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Segment</Table.Th>
                <Table.Th>Name in journeys</Table.Th>
                <Table.Th>Contacts</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={segments.isFetching}>
              {segments.data?.map((segment) => (
                <Table.Tr key={segment.id}>
                  <Table.Td>
                    <Anchor component={Link} to={segmentPath(segment.id)} fw={600} size="sm">
                      {segment.label}
                    </Anchor>
                    {segment.description && (
                      <Text size="xs" c="dimmed">
                        {segment.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {segment.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {segment.count === null ? (
                      <Badge
                        color="red"
                        variant="dot"
                        tt="none"
                        title={segment.problems.join("\n")}
                      >
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
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              {segments.data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={3}>
                    <Text c="dimmed" ta="center" py="lg">
                      No segments yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
    </Stack>
  );
}
