import { Skeleton, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";

/** A column's heading; `hidden` ones are read by screen readers only (a row's action). */
type Column = string | { label: string; hidden: true };

interface PortalTablePageProps<Item extends { id: string | number }> {
  title: string;
  description: string;
  /** What failed to load, in "We could not load …" ("your documents"). */
  what: string;
  /** What the page says when there is nothing to list. */
  empty: string;
  /** The list's query, as useQuery returns it. */
  query: Pick<UseQueryResult<Item[]>, "data" | "error" | "isPending">;
  columns: Column[];
  /** One row's cells (Table.Td), one a column. */
  cells: (item: Item) => ReactNode;
}

/** A portal page that lists the customer's things in one table: loading, failed, empty. */
export function PortalTablePage<Item extends { id: string | number }>({
  title,
  description,
  what,
  empty,
  query: { data, error, isPending },
  columns,
  cells,
}: PortalTablePageProps<Item>) {
  useDocumentTitle(`${title} · Customer portal`);
  return (
    <Stack gap="lg">
      <PageHeader title={title} description={description} />
      <LoadError what={what} error={error} />
      {isPending && <Skeleton height={100} />}
      {data?.length === 0 && <Text c="dimmed">{empty}</Text>}
      {data && data.length > 0 && (
        <TableScroll label={title} minWidth={480}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) =>
                  typeof column === "string" ? (
                    <Table.Th key={column}>{column}</Table.Th>
                  ) : (
                    <Table.Th key={column.label}>
                      <VisuallyHidden>{column.label}</VisuallyHidden>
                    </Table.Th>
                  ),
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((item) => (
                <Table.Tr key={item.id}>{cells(item)}</Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}
