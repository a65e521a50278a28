import { Badge, Table } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/lib/format";
import { referralsQueryOptions } from "../api/portal-api";
import { PortalTablePage } from "./portal-table-page";

/** Affiliates: the people they referred and how far each has come. */
export function ReferralsPage() {
  const query = useQuery(referralsQueryOptions);
  return (
    <PortalTablePage
      title="Referrals"
      description="People you referred: a lead until their first order, then a customer."
      what="your referrals"
      empty="Nobody yet."
      query={query}
      columns={["Name", "Stage", "Orders", "Referred"]}
      cells={(referral) => (
        <>
          <Table.Td>{referral.name}</Table.Td>
          <Table.Td>
            <Badge variant="light" color={referral.stage === "customer" ? "blue" : "gray"}>
              {referral.stage === "customer" ? "Customer" : "Lead"}
            </Badge>
          </Table.Td>
          <Table.Td>{referral.orders}</Table.Td>
          <Table.Td>{formatDateTime(referral.referred_at)}</Table.Td>
        </>
      )}
    />
  );
}
