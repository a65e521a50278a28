import { PortalIcon } from "@/components/icons/icons";
import { PagePlaceholder } from "@/components/page-placeholder/page-placeholder";

export function PortalPage() {
  return (
    <PagePlaceholder
      title="Customer portal"
      summary="Where customers see their own data and serve themselves."
      icon={<PortalIcon size={24} />}
      upcoming={[
        "Sign in to see your details, orders, returns and tickets",
        "Update your details and preferences",
        "Start a request, such as a return or a support ticket",
        "Export your own data",
      ]}
    />
  );
}
