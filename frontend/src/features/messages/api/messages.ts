import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { MessageDetail, MessageFilters, MessagePage } from "../types";

export const MESSAGES_PAGE_SIZE = 50;

export const messageKeys = {
  all: ["messages"] as const,
  list: (filters: MessageFilters) => [...messageKeys.all, "list", filters] as const,
  one: (id: number) => [...messageKeys.all, "one", id] as const,
};

export const messagesQueryOptions = (filters: MessageFilters) =>
  queryOptions({
    queryKey: messageKeys.list(filters),
    queryFn: ({ signal }) =>
      api.get<MessagePage>("/api/v1/messages", {
        signal,
        query: {
          status: filters.status,
          channel: filters.channel,
          q: filters.q.trim() || null,
          page: filters.page,
          page_size: MESSAGES_PAGE_SIZE,
        },
      }),
    placeholderData: keepPreviousData,
  });

export const messageQueryOptions = (id: number) =>
  queryOptions({
    queryKey: messageKeys.one(id),
    queryFn: ({ signal }) => api.get<MessageDetail>(`/api/v1/messages/${id}`, { signal }),
  });

export function letterUrl(letterId: number): string {
  return `/api/v1/letters/${letterId}/pdf`;
}
