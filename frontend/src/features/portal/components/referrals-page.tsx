import { Badge } from "@mantine/core";
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
      columns={[
        { header: "Name", cell: (referral) => referral.name },
        {
          header: "Stage",
          cell: (referral) => (
            <Badge variant="light" color={referral.stage === "customer" ? "blue" : "gray"}>
              {referral.stage === "customer" ? "Customer" : "Lead"}
            </Badge>
          ),
        },
        { header: "Orders", cell: (referral) => referral.orders },
        { header: "Referred", cell: (referral) => formatDateTime(referral.referred_at) },
      ]}
    />
  );
}
