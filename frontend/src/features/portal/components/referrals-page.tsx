import { Badge, Skeleton, Stack, Table, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { formatDateTime } from "@/lib/format";
import { referralsQueryOptions } from "../api/portal-api";

/** Affiliates: the people they referred and how far each has come. */
export function ReferralsPage() {
  useDocumentTitle("Referrals · Customer portal");
  const { data, error, isPending } = useQuery(referralsQueryOptions);
  return (
    <Stack gap="lg">
      <PageHeader
        title="Referrals"
        description="People you referred: a lead until their first order, then a customer."
      />
      <LoadError what="your referrals" error={error} />
      {isPending && <Skeleton height={100} />}
      {data?.length === 0 && <Text c="dimmed">Nobody yet.</Text>}
      {data && data.length > 0 && (
        <TableScroll label="Referrals" minWidth={480}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Orders</Table.Th>
                <Table.Th>Referred</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((referral) => (
                <Table.Tr key={referral.id}>
                  <Table.Td>{referral.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={referral.stage === "customer" ? "blue" : "gray"}>
                      {referral.stage === "customer" ? "Customer" : "Lead"}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{referral.orders}</Table.Td>
                  <Table.Td>{formatDateTime(referral.referred_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Stack>
  );
}
