import { lazy, Suspense } from "react";
import { PageLoader } from "@/components/page-loader/page-loader";
import { useBelow } from "@/lib/use-below";

const JourneyEditorPage = lazy(async () => ({
  default: (await import("@/features/journeys/components/editor/journey-editor-page"))
    .JourneyEditorPage,
}));
const JourneyNumbersPage = lazy(async () => ({
  default: (await import("@/features/journeys/components/journey-numbers")).JourneyNumbersPage,
}));

/**
 * `/journeys/:id`: the canvas editor, or on a phone (where it cannot be worked) the
 * journey's read-only numbers and a word that the editor needs a wider screen.
 */
export function JourneyRoute() {
  const phone = useBelow("sm");
  return (
    <Suspense fallback={<PageLoader />}>
      {phone ? <JourneyNumbersPage /> : <JourneyEditorPage />}
    </Suspense>
  );
}
