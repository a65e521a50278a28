import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { notifySuccess } from "@/lib/notify";
import { createTemplate, templateKeys, updateTemplate } from "./api";
import type { Template, TemplateWrite } from "./types";

/**
 * Save `template` (or create it when null). It sends the version it loaded, then the one
 * it saved, so a save over someone else's newer one is refused (409) rather than lost.
 */
export function useSaveTemplate(
  template: Template | null,
  options: { onSaved?: (saved: Template) => unknown; onError?: (error: Error) => void } = {},
) {
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(template?.updated_at ?? null);
  return useMutation({
    mutationFn: (data: TemplateWrite) =>
      template
        ? updateTemplate(template.id, { ...data, expected_updated_at: version })
        : createTemplate(data),
    onSuccess: async (saved) => {
      setVersion(saved.updated_at);
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
      notifySuccess(`“${saved.label}” saved.`);
      await options.onSaved?.(saved);
    },
    onError: options.onError,
  });
}
