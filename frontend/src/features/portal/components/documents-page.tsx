import { Anchor, Skeleton, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { formatDateTime } from "@/lib/format";
import { documentPdfUrl, documentsQueryOptions } from "../api/portal-api";

/** "12 KB" — letters are a few kilobytes to a few hundred. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  return kb < 1024 ? `${Math.round(kb)} KB` : `${(kb / 1024).toFixed(1)} MB`;
}

/** The letters we sent the customer, each downloadable as the PDF that was posted. */
export function DocumentsPage() {
  useDocumentTitle("Documents · Customer portal");
  const { data, error, isPending } = useQuery(documentsQueryOptions);
  return (
    <Stack gap="lg">
      <PageHeader title="Documents" description="Letters we sent you, as PDF." />
      <LoadError what="your documents" error={error} />
      {isPending && <Skeleton height={100} />}
      {data?.length === 0 && <Text c="dimmed">No letters yet.</Text>}
      {data && data.length > 0 && (
        <TableScroll label="Documents" minWidth={480}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Letter</Table.Th>
                <Table.Th>Sent</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Download</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((document) => (
                <Table.Tr key={document.id}>
                  <Table.Td>{document.title}</Table.Td>
                  <Table.Td>{formatDateTime(document.created_at)}</Table.Td>
                  <Table.Td>{formatSize(document.size)}</Table.Td>
                  <Table.Td>
                    {/* A plain link: the server's PDF attachment is saved as is. */}
                    <Anchor
                      href={documentPdfUrl(document.id)}
                      download
                      aria-label={`Download ${document.title}, sent ${formatDateTime(document.created_at)} (PDF)`}
                    >
                      Download PDF
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}
