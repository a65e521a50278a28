import { UsersIcon } from "@/components/icons/icons";
import { PagePlaceholder } from "@/components/page-placeholder/page-placeholder";

export function ContactsPage() {
  return (
    <PagePlaceholder
      title="Contacts"
      summary="Everyone Waymark knows: customers, leads, staff and affiliates."
      icon={<UsersIcon size={24} />}
      upcoming={[
        "Search and filter contacts by field, tag, segment and score",
        "A contact's timeline: events, messages, journeys and jobs",
        "Edit fields, tags, consent and roles",
        "Segments built from the same conditions journeys use",
      ]}
    />
  );
}
