import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { previewTemplate, templateKeys } from "./api";
import type { PreviewRequest } from "./types";

/** Wait this long after the last keystroke before rendering again. */
export const PREVIEW_DEBOUNCE_MS = 400;

/** The live preview of unsaved texts: debounced, keeping the last answer while typing. */
export function useTemplatePreview(request: PreviewRequest, enabled = true) {
  const [debounced] = useDebouncedValue(request, PREVIEW_DEBOUNCE_MS);
  return useQuery({
    queryKey: [...templateKeys.all, "preview", debounced],
    queryFn: ({ signal }) => previewTemplate(debounced, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
