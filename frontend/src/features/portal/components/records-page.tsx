import { Button, Group, Skeleton, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { type ListName, listQueryOptions } from "../api/portal-api";
import type { PortalRecord } from "../types";
import { RecordsTable } from "./records-table";

interface RecordsPageProps {
  list: ListName;
  title: string;
  description: string;
  empty: string;
  /** The request this page starts ("Start a return"…), if any. */
  request?: { label: string; form: (close: () => void) => ReactNode; open?: boolean };
  actions?: (record: PortalRecord) => ReactNode;
}

/** One kind of the customer's records, newest first, with the request that adds one. */
export function RecordsPage({
  list,
  title,
  description,
  empty,
  request,
  actions,
}: RecordsPageProps) {
  useDocumentTitle(`${title} · Customer portal`);
  const { data, error, isPending } = useQuery(listQueryOptions(list));
  const [open, setOpen] = useState(request?.open ?? false);

  return (
    <Stack gap="lg">
      <PageHeader
        title={title}
        description={description}
        actions={
          request && !open ? <Button onClick={() => setOpen(true)}>{request.label}</Button> : null
        }
      />
      {request && open && request.form(() => setOpen(false))}
      <LoadError what={title.toLowerCase()} error={error} />
      {isPending ? (
        <Skeleton height={120} />
      ) : data && data.length > 0 ? (
        <RecordsTable records={data} caption={title} actions={actions} />
      ) : (
        !error && (
          <Group>
            <Text c="dimmed">{empty}</Text>
          </Group>
        )
      )}
    </Stack>
  );
}
