import { SettingsIcon } from "@/components/icons/icons";
import { PagePlaceholder } from "@/components/page-placeholder/page-placeholder";

export function AdminPage() {
  return (
    <PagePlaceholder
      title="Admin"
      summary="Accounts, roles and settings for the whole workspace."
      icon={<SettingsIcon size={24} />}
      upcoming={[
        "User accounts, primary and secondary roles",
        "Roles and the permissions they grant: queues, journeys, contacts, reports, accounts",
        "API keys and the public write key for track.js",
        "Channel settings: email (SMTP), SMS gateway, and the development outbox",
      ]}
    />
  );
}
