import { RouteIcon } from "@/components/icons/icons";
import { PagePlaceholder } from "@/components/page-placeholder/page-placeholder";

export function JourneysPage() {
  return (
    <PagePlaceholder
      title="Journeys"
      summary="Draw the processes that run your business, test them and publish them."
      icon={<RouteIcon size={24} />}
      upcoming={[
        "A list of journeys with their status: draft, published, paused or archived",
        "The journey canvas: drag triggers, waits, conditions and actions from the palette and connect them",
        "A node inspector whose forms come from the journey schema, with validation errors on the node they belong to",
        "Test mode: run a draft for one test contact and see the path it takes",
        "Per-step analytics: who is at which step, and how many passed through",
      ]}
    />
  );
}
