import { ChartIcon } from "@/components/icons/icons";
import { PagePlaceholder } from "@/components/page-placeholder/page-placeholder";

export function ReportsPage() {
  return (
    <PagePlaceholder
      title="Reports"
      summary="How journeys, queues and messages are performing."
      icon={<ChartIcon size={24} />}
      upcoming={[
        "Journey funnels and per-step conversion",
        "Queue throughput, waiting times and overrunning jobs",
        "Email and SMS delivery, opens and clicks",
        "Exports for further analysis",
      ]}
    />
  );
}
