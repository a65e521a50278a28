import { queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { Preview, PreviewContact, PreviewRequest, Template, TemplateWrite } from "./types";

export const templateKeys = {
  all: ["templates"] as const,
  list: () => [...templateKeys.all, "list"] as const,
  one: (id: string) => [...templateKeys.all, "one", id] as const,
  contacts: (q: string) => [...templateKeys.all, "preview-contacts", q] as const,
};

export const templatesQueryOptions = () =>
  queryOptions({
    queryKey: templateKeys.list(),
    queryFn: ({ signal }) => api.get<Template[]>("/api/v1/templates", { signal }),
  });

export const templateQueryOptions = (id: string) =>
  queryOptions({
    queryKey: templateKeys.one(id),
    queryFn: ({ signal }) =>
      api.get<Template>(`/api/v1/templates/${encodeURIComponent(id)}`, { signal }),
  });

export const previewContactsQueryOptions = (q: string) =>
  queryOptions({
    queryKey: templateKeys.contacts(q),
    queryFn: ({ signal }) =>
      api.get<PreviewContact[]>("/api/v1/templates/preview-contacts", {
        signal,
        query: { q: q.trim() || null },
      }),
  });

export function createTemplate(data: TemplateWrite): Promise<Template> {
  return api.post<Template>("/api/v1/templates", data);
}

export function updateTemplate(id: string, data: TemplateWrite): Promise<Template> {
  return api.put<Template>(`/api/v1/templates/${encodeURIComponent(id)}`, data);
}

export function deleteTemplate(id: string): Promise<void> {
  return api.delete<void>(`/api/v1/templates/${encodeURIComponent(id)}`);
}

/** `POST /api/v1/templates/preview`: render unsaved texts; a render error is an answer. */
export function previewTemplate(data: PreviewRequest, signal?: AbortSignal): Promise<Preview> {
  return api.post<Preview>("/api/v1/templates/preview", data, { signal });
}
