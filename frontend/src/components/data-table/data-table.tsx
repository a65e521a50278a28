import {
  Card,
  type MantineSpacing,
  Table,
  type TableTrProps,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import type { ReactNode } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { Pager } from "@/components/pager/pager";
import { TableScroll } from "@/components/table-scroll/table-scroll";

export interface DataTableColumn<T> {
  /** The column header; it also tells the columns apart. */
  header: string;
  /** Said to screen readers only, for a column of row actions ("Actions", "Open"). */
  hideHeader?: boolean;
  /** Header and cells aligned right (numbers, row actions). */
  align?: "right";
  /** The column's least width in pixels, for text that would wrap too early. */
  minWidth?: number;
  /** Keeps a cell's contents on one line (a row of buttons). */
  noWrap?: boolean;
  cell: (row: T) => ReactNode;
}

export interface DataTablePagination {
  page: number;
  pageSize: number;
  onChange: (page: number) => void;
  /** What is being paged: "users". */
  noun: string;
}

/** A list the API answers whole, or one page of it with the count of all. */
type Rows<T> = T[] | { items: T[]; total: number };

/** The parts of a TanStack Query result the table shows. */
export interface DataTableQuery<T> {
  data: Rows<T> | undefined;
  error: Error | null;
  isPending: boolean;
  isFetching: boolean;
}

interface DataTableProps<T> {
  /** The table's accessible name ("Users"); its scrolling region is "<label> table". */
  label: string;
  minWidth: number;
  columns: DataTableColumn<T>[];
  /** The rows' query: its rows, first load, refetches (rows marked busy) and error. */
  query: DataTableQuery<T>;
  /** The field that tells rows apart. */
  rowKey: keyof T;
  /** Extra props for a row, e.g. dimming a revoked key. */
  rowProps?: (row: T) => TableTrProps;
  /** Shown in the table while the first load runs; leave out to show nothing. */
  loadingText?: string;
  /** Shown in the table when the rows are loaded and there are none. */
  emptyText: string;
  /** What failed to load, as the error's title says it: "users". */
  what: string;
  verticalSpacing?: MantineSpacing;
  highlightOnHover?: boolean;
  pagination?: DataTablePagination;
}

/**
 * The list pages' one table: the load error above it, a labelled scrolling Mantine table
 * with a row for loading or for nothing found, and the pager below it. Columns are data;
 * each cell renders its own content, row actions included.
 */
export function DataTable<T>({
  label,
  minWidth,
  columns,
  query,
  rowKey,
  rowProps,
  loadingText,
  emptyText,
  what,
  verticalSpacing = "sm",
  highlightOnHover,
  pagination,
}: DataTableProps<T>) {
  const rows = Array.isArray(query.data) ? query.data : query.data?.items;
  const total = Array.isArray(query.data) ? query.data.length : query.data?.total;
  const notice = (text: string) => (
    <Table.Tr>
      <Table.Td colSpan={columns.length}>
        <Text c="dimmed" ta="center" py={verticalSpacing === "xs" ? "md" : "lg"}>
          {text}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
  return (
    <>
      <LoadError what={what} error={query.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label={`${label} table`} minWidth={minWidth}>
          <Table
            verticalSpacing={verticalSpacing}
            // Small gutters: the list pages' tables fit a 1280 px screen beside the navbar.
            horizontalSpacing="sm"
            highlightOnHover={highlightOnHover}
            aria-label={label}
          >
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th key={column.header} miw={column.minWidth} ta={column.align}>
                    {column.hideHeader ? (
                      <VisuallyHidden>{column.header}</VisuallyHidden>
                    ) : (
                      column.header
                    )}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={query.isFetching}>
              {query.isPending && loadingText && notice(loadingText)}
              {rows?.length === 0 && notice(emptyText)}
              {rows?.map((row) => (
                <Table.Tr key={String(row[rowKey])} {...rowProps?.(row)}>
                  {columns.map((column) => (
                    <Table.Td
                      key={column.header}
                      ta={column.align}
                      style={column.noWrap ? { whiteSpace: "nowrap" } : undefined}
                    >
                      {column.cell(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      {pagination && total !== undefined && <Pager {...pagination} total={total} />}
    </>
  );
}
