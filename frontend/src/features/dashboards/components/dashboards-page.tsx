import { DashboardIcon } from "@/components/icons/icons";
import { PagePlaceholder } from "@/components/page-placeholder/page-placeholder";

export function DashboardsPage() {
  return (
    <PagePlaceholder
      title="Dashboards"
      summary="Your role's job queue, updated live as work arrives."
      icon={<DashboardIcon size={24} />}
      upcoming={[
        "Unassigned jobs in your role's queues, plus the jobs you have claimed",
        "Claim, work and complete a job with its form, notes and files",
        "Filters by date, type, keyword, assignee, status and overrunning jobs",
        "Supervisor view across several queues, with reassignment",
      ]}
    />
  );
}
