import { Skeleton, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import type { UseQueryResult } from "@tanstack/react-query";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";

interface PortalTablePageProps<Item extends { id: string | number }> {
  title: string;
  description: string;
  /** What failed to load, in "We could not load …" ("your documents"). */
  what: string;
  /** What the page says when there is nothing to list. */
  empty: string;
  /** The list's query, as useQuery returns it. */
  query: Pick<UseQueryResult<Item[]>, "data" | "error" | "isPending">;
  /** The table's columns; a hidden header is read by screen readers only (a row's action). */
  columns: DataTableColumn<Item>[];
  /** The width the table needs; on a narrower screen each item is a card. */
  minWidth?: number;
}

/** A portal page that lists the customer's things in one table: loading, failed, empty. */
export function PortalTablePage<Item extends { id: string | number }>({
  title,
  description,
  what,
  empty,
  query: { data, error, isPending },
  columns,
  minWidth = 480,
}: PortalTablePageProps<Item>) {
  useDocumentTitle(`${title} · Customer portal`);
  return (
    <Stack gap="lg">
      <PageHeader title={title} description={description} />
      <LoadError what={what} error={error} />
      {isPending && <Skeleton height={100} />}
      {data?.length === 0 && <Text c="dimmed">{empty}</Text>}
      {data && data.length > 0 && (
        <DataTable
          label={title}
          minWidth={minWidth}
          columns={columns}
          query={data}
          rowKey="id"
          emptyText={empty}
          striped
        />
      )}
    </Stack>
  );
}
