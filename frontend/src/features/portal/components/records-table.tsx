import { Anchor, Badge } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { DataTable, type DataTableColumn } from "@/components/data-table/data-table";
import { portalRecordPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import type { PortalRecord } from "../types";
import { KIND_LABELS, recordSummary } from "./record-summary";

interface RecordsTableProps {
  records: PortalRecord[];
  caption: string;
  /** Extra actions per row (request a return, move…). */
  actions?: (record: PortalRecord) => ReactNode;
}

/**
 * A customer's records: reference (opens the progress), what, where it stands, when. On a
 * phone each record is a card with the same facts and actions.
 */
export function RecordsTable({ records, caption, actions }: RecordsTableProps) {
  const columns: DataTableColumn<PortalRecord>[] = [
    {
      header: "Reference",
      // A reference is one token: "R-39AF9107" broken at its hyphen reads as two.
      noWrap: true,
      cell: (record) => (
        <Anchor component={Link} to={portalRecordPath(record.id)}>
          {record.reference ?? KIND_LABELS[record.kind]}
        </Anchor>
      ),
    },
    { header: "What", cell: (record) => recordSummary(record) },
    {
      header: "Status",
      cell: (record) => (
        <Badge variant="light" color="blue" style={{ textTransform: "none" }}>
          {record.status_label}
        </Badge>
      ),
    },
    { header: "Since", cell: (record) => formatDateTime(record.updated_at) },
    ...(actions ? [{ header: "Actions", card: "actions" as const, cell: actions }] : []),
  ];
  return (
    <DataTable
      label={caption}
      minWidth={640}
      columns={columns}
      query={records}
      rowKey="id"
      emptyText="Nothing yet."
      striped
      highlightOnHover
    />
  );
}
