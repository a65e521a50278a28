import { Anchor, Badge, Table, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { TableScroll } from "@/components/table-scroll/table-scroll";
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

/** A customer's records: reference (opens the progress), what, where it stands, when. */
export function RecordsTable({ records, caption, actions }: RecordsTableProps) {
  return (
    <TableScroll label={caption} minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reference</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Since</Table.Th>
            {actions && (
              <Table.Th>
                <Text span size="sm" fw={700}>
                  Actions
                </Text>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record) => (
            <Table.Tr key={record.id}>
              {/* A reference is one token: "R-39AF9107" broken at its hyphen reads as two. */}
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Anchor component={Link} to={portalRecordPath(record.id)}>
                  {record.reference ?? KIND_LABELS[record.kind]}
                </Anchor>
              </Table.Td>
              <Table.Td>{recordSummary(record)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color="blue" style={{ textTransform: "none" }}>
                  {record.status_label}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDateTime(record.updated_at)}</Table.Td>
              {actions && <Table.Td>{actions(record)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}
