import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { MarkedRead, NotificationPage } from "../types";
import { automationKeys } from "./automation-keys";

// The bell asks again this often; notifications are not worth a live connection yet.
const REFRESH_MS = 30_000;

export const notificationsQueryOptions = queryOptions({
  queryKey: automationKeys.notifications(),
  queryFn: ({ signal }) => api.get<NotificationPage>("/api/v1/notifications", { signal }),
  refetchInterval: REFRESH_MS,
});

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[] | "all") =>
      ids === "all"
        ? api.post<MarkedRead>("/api/v1/notifications/read-all")
        : api.post<MarkedRead>("/api/v1/notifications/read", { ids }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: automationKeys.notifications() }),
  });
}
