import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type {
  WebhookNetworks,
  WebhookNetworksUpdate,
} from "@/types/generated/webhook-networks-api";
import { adminKeys } from "./admin-keys";

const URL = "/api/v1/admin/webhook-networks";

export const webhookNetworksQueryOptions = queryOptions({
  queryKey: adminKeys.webhookNetworks(),
  queryFn: ({ signal }) => api.get<WebhookNetworks>(URL, { signal }),
});

export function useSaveWebhookNetworks() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (data: WebhookNetworksUpdate) => api.put<WebhookNetworks>(URL, data),
    onSuccess: (saved) => {
      queryClient.setQueryData(adminKeys.webhookNetworks(), saved);
      return queryClient.invalidateQueries({ queryKey: adminKeys.audit() });
    },
  });
}
