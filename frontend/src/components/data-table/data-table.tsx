import {
  Card,
  Checkbox,
  Group,
  type MantineSpacing,
  Stack,
  Table,
  type TableTrProps,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import { type ReactNode, useRef } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { Pager } from "@/components/pager/pager";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import classes from "./data-table.module.css";
import { useNarrowerThan } from "./use-narrower-than";

export interface DataTableColumn<T> {
  /** The column header; it also tells the columns apart, and labels the field on a card. */
  header: string;
  /** Said to screen readers only, for a column of row actions ("Actions", "Open"). */
  hideHeader?: boolean;
  /** Header and cells aligned right (numbers, row actions). */
  align?: "right";
  /** The column's least width in pixels, for text that would wrap too early. */
  minWidth?: number;
  /** Keeps a cell's contents on one line (a row of buttons). */
  noWrap?: boolean;
  /**
   * Where the cell goes on a row's card (narrow screens): the card's `title` (by default the
   * first column), its `actions` along the bottom (by default a column with a hidden
   * header), or a labelled `field` (every other column).
   */
  card?: "title" | "field" | "actions";
  /**
   * A heading over this column and its neighbours with the same group ("Time to claim"
   * over Average, Median, 90th %); on a card, the field reads "Time to claim: Median".
   */
  group?: string;
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
type Rows<T> = readonly T[] | { items: readonly T[]; total: number };

/** The parts of a TanStack Query result the table shows. */
export interface DataTableQuery<T> {
  data: Rows<T> | undefined;
  error: Error | null;
  isPending: boolean;
  isFetching: boolean;
}

/** What a row (or its card) may carry: dimmed text, a class, data attributes for tests. */
export type DataTableRowProps = Pick<TableTrProps, "c" | "className" | "style"> & {
  [data: `data-${string}`]: string | undefined;
};

/** Rows that can be picked (a supervisor's bulk reassign): ids are the rows' `rowKey`. */
export interface DataTableSelection<T> {
  selected: ReadonlySet<string>;
  onChange: (ids: ReadonlySet<string>) => void;
  /** The accessible name of a row's checkbox: "Select Order 42". */
  rowLabel: (row: T) => string;
  /** The accessible name of the page's checkbox: "Select every job on this page". */
  allLabel: string;
}

interface DataTableProps<T> {
  /** The table's accessible name ("Users"); its scrolling region is "<label> table". */
  label: string;
  /**
   * The width the table needs. Where its box is narrower (a phone, a tablet beside the
   * navigation) each row becomes a card instead, with the same fields and actions.
   */
  minWidth: number;
  columns: DataTableColumn<T>[];
  /** The rows' query (its rows, first load, refetches and error), or rows already at hand. */
  query: DataTableQuery<T> | readonly T[];
  /** The field that tells rows apart. */
  rowKey: keyof T;
  /** Extra props for a row and its card, e.g. dimming a revoked key. */
  rowProps?: (row: T) => DataTableRowProps;
  /** Shown in the table while the first load runs; leave out to show nothing. */
  loadingText?: string;
  /** Shown in the table when the rows are loaded and there are none. */
  emptyText: string;
  /** What failed to load, as the error's title says it: "users". */
  what?: string;
  verticalSpacing?: MantineSpacing;
  highlightOnHover?: boolean;
  striped?: boolean;
  /** A bordered frame around the table (off inside a card that already has one). */
  framed?: boolean;
  /**
   * The table sits in a focusable scrolling region (on by default), for when its content
   * outgrows even `minWidth`. Off for a small table in a named section of its own, whose
   * region would repeat the section's name.
   */
  scroll?: boolean;
  pagination?: DataTablePagination;
  selection?: DataTableSelection<T>;
}

function asQuery<T>(query: DataTableQuery<T> | readonly T[]): DataTableQuery<T> {
  return "isPending" in query
    ? query
    : { data: query, error: null, isPending: false, isFetching: false };
}

function headerText<T>(column: DataTableColumn<T>): ReactNode {
  return column.hideHeader ? <VisuallyHidden>{column.header}</VisuallyHidden> : column.header;
}

/** The columns of the top header row: a grouped run of columns counts once, with its width. */
function spans<T>(columns: DataTableColumn<T>[]): { column: DataTableColumn<T>; span: number }[] {
  const result: { column: DataTableColumn<T>; span: number }[] = [];
  for (const column of columns) {
    const last = result.at(-1);
    if (column.group && last?.column.group === column.group) last.span += 1;
    else result.push({ column, span: 1 });
  }
  return result;
}

function cardPlace<T>(column: DataTableColumn<T>, index: number): "title" | "field" | "actions" {
  if (column.card) return column.card;
  if (index === 0) return "title";
  return column.hideHeader ? "actions" : "field";
}

/**
 * The list pages' one table: the load error above it, a labelled scrolling Mantine table
 * with a row for loading or for nothing found, and the pager below it. Columns are data;
 * each cell renders its own content, row actions included. Where the table does not fit
 * its box, the rows are a list of cards with the same content.
 */
export function DataTable<T>({
  label,
  minWidth,
  columns,
  query: queryOrRows,
  rowKey,
  rowProps,
  loadingText,
  emptyText,
  what,
  verticalSpacing = "sm",
  highlightOnHover,
  striped,
  framed = true,
  scroll = true,
  pagination,
  selection,
}: DataTableProps<T>) {
  const query = asQuery(queryOrRows);
  const box = useRef<HTMLDivElement>(null);
  const asCards = useNarrowerThan(box, minWidth);
  const rows = Array.isArray(query.data)
    ? (query.data as readonly T[])
    : (query.data as { items: readonly T[] } | undefined)?.items;
  const total = Array.isArray(query.data)
    ? query.data.length
    : (query.data as { total: number } | undefined)?.total;
  const idOf = (row: T) => String(row[rowKey]);
  const allIds = rows?.map(idOf) ?? [];
  const allSelected =
    selection !== undefined &&
    allIds.length > 0 &&
    allIds.every((id) => selection.selected.has(id));
  const someSelected = !allSelected && allIds.some((id) => selection?.selected.has(id));
  const toggleAll = () => selection?.onChange(new Set(allSelected ? [] : allIds));
  const toggle = (row: T, checked: boolean) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (checked) next.add(idOf(row));
    else next.delete(idOf(row));
    selection.onChange(next);
  };
  const notices = [
    query.isPending && loadingText ? loadingText : null,
    rows?.length === 0 ? emptyText : null,
  ].filter((text): text is string => text !== null);

  const grouped = columns.some((column) => column.group);
  const headerSpans = spans(columns);

  const frame = (content: ReactNode) =>
    framed ? (
      <Card withBorder radius="md" padding={0}>
        {content}
      </Card>
    ) : (
      content
    );

  const scroller = (content: ReactNode) =>
    scroll ? (
      <TableScroll label={`${label} table`} minWidth={minWidth}>
        {content}
      </TableScroll>
    ) : (
      content
    );

  const table = frame(
    scroller(
      <Table
        verticalSpacing={verticalSpacing}
        // Small gutters: the list pages' tables fit a 1280 px screen beside the navbar.
        horizontalSpacing="sm"
        highlightOnHover={highlightOnHover}
        striped={striped}
        aria-label={label}
      >
        <Table.Thead>
          {grouped && (
            <Table.Tr>
              {selection && <Table.Th rowSpan={2} w={40} />}
              {headerSpans.map(({ column, span }) =>
                column.group ? (
                  <Table.Th key={`group-${column.header}`} colSpan={span} ta="center">
                    {column.group}
                  </Table.Th>
                ) : (
                  <Table.Th key={column.header} rowSpan={2} miw={column.minWidth} ta={column.align}>
                    {headerText(column)}
                  </Table.Th>
                ),
              )}
            </Table.Tr>
          )}
          <Table.Tr>
            {selection && !grouped && (
              <Table.Th w={40}>
                <Checkbox
                  aria-label={selection.allLabel}
                  checked={allSelected}
                  indeterminate={someSelected}
                  onChange={toggleAll}
                />
              </Table.Th>
            )}
            {columns
              .filter((column) => !grouped || column.group)
              .map((column) => (
                <Table.Th
                  key={column.header}
                  miw={column.minWidth}
                  ta={column.align}
                  aria-label={
                    column.group ? `${column.header} ${column.group.toLowerCase()}` : undefined
                  }
                >
                  {headerText(column)}
                </Table.Th>
              ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody aria-busy={query.isFetching}>
          {notices.map((text) => (
            <Table.Tr key={text}>
              <Table.Td colSpan={columns.length + (selection ? 1 : 0)}>
                <Text c="dimmed" ta="center" py={verticalSpacing === "xs" ? "md" : "lg"}>
                  {text}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
          {rows?.map((row) => (
            <Table.Tr key={idOf(row)} {...rowProps?.(row)}>
              {selection && (
                <Table.Td>
                  <Checkbox
                    aria-label={selection.rowLabel(row)}
                    checked={selection.selected.has(idOf(row))}
                    onChange={(event) => toggle(row, event.currentTarget.checked)}
                  />
                </Table.Td>
              )}
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
      </Table>,
    ),
  );

  const placed = columns.map((column, index) => ({ column, place: cardPlace(column, index) }));
  const cards = (
    <Stack gap="sm">
      {selection && allIds.length > 0 && (
        // biome-ignore lint/a11y/noLabelWithoutControl: the checkbox inside is the control.
        <label className={classes.select}>
          <Checkbox
            aria-label={selection.allLabel}
            checked={allSelected}
            indeterminate={someSelected}
            onChange={toggleAll}
          />
          <Text size="sm" ml="xs" aria-hidden="true">
            {selection.allLabel}
          </Text>
        </label>
      )}
      {notices.map((text) => (
        <Card key={text} withBorder radius="md" padding="md">
          <Text c="dimmed" ta="center">
            {text}
          </Text>
        </Card>
      ))}
      <ul className={classes.cards} aria-label={label} aria-busy={query.isFetching}>
        {rows?.map((row) => (
          <Card
            key={idOf(row)}
            component="li"
            withBorder
            radius="md"
            padding="sm"
            {...rowProps?.(row)}
          >
            <Group gap="xs" wrap="nowrap" align="flex-start">
              {selection && (
                // biome-ignore lint/a11y/noLabelWithoutControl: the checkbox inside is the control.
                <label className={classes.select}>
                  <Checkbox
                    aria-label={selection.rowLabel(row)}
                    checked={selection.selected.has(idOf(row))}
                    onChange={(event) => toggle(row, event.currentTarget.checked)}
                  />
                </label>
              )}
              {placed
                .filter(({ place }) => place === "title")
                .map(({ column }) => (
                  <div key={column.header} className={classes.title}>
                    {column.cell(row)}
                  </div>
                ))}
            </Group>
            {placed.some(({ place }) => place === "field") && (
              <dl className={classes.fields}>
                {placed
                  .filter(({ place }) => place === "field")
                  .map(({ column }) => (
                    <div key={column.header}>
                      <dt>{column.group ? `${column.group}: ${column.header}` : column.header}</dt>
                      <dd>{column.cell(row)}</dd>
                    </div>
                  ))}
              </dl>
            )}
            {placed.some(({ place }) => place === "actions") && (
              <Group gap="xs" justify="flex-end" mt="sm">
                {placed
                  .filter(({ place }) => place === "actions")
                  .map(({ column }) => (
                    <Group key={column.header} gap="xs">
                      {column.cell(row)}
                    </Group>
                  ))}
              </Group>
            )}
          </Card>
        ))}
      </ul>
    </Stack>
  );

  return (
    <>
      {what && <LoadError what={what} error={query.error} />}
      <div ref={box}>{asCards ? cards : table}</div>
      {pagination && total !== undefined && <Pager {...pagination} total={total} />}
    </>
  );
}
