import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { ApiKey, ApiKeyCreated, ApiKeyRequest, IdentitySecretCreated } from "../types";
import { adminKeys } from "./admin-keys";

const KEYS = "/api/v1/admin/api-keys";

export const apiKeysQueryOptions = queryOptions({
  queryKey: adminKeys.apiKeys(),
  queryFn: ({ signal }) => api.get<ApiKey[]>(KEYS, { signal }),
});

function useInvalidateKeys() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminKeys.apiKeys() }),
      queryClient.invalidateQueries({ queryKey: adminKeys.audit() }),
    ]);
}

export function useCreateApiKey() {
  const invalidate = useInvalidateKeys();
  return useMutation({
    mutationFn: (data: ApiKeyRequest) => api.post<ApiKeyCreated>(KEYS, data),
    onSuccess: invalidate,
  });
}

export function useRevokeApiKey() {
  const invalidate = useInvalidateKeys();
  return useMutation({
    mutationFn: (id: string) => api.post<ApiKey>(`${KEYS}/${id}/revoke`),
    onSuccess: invalidate,
  });
}

export function useSetAllowedOrigins() {
  const invalidate = useInvalidateKeys();
  return useMutation({
    mutationFn: ({ id, origins }: { id: string; origins: string[] }) =>
      api.put<ApiKey>(`${KEYS}/${id}/allowed-origins`, { allowed_origins: origins }),
    onSuccess: invalidate,
  });
}

export function useRotateIdentitySecret() {
  const invalidate = useInvalidateKeys();
  return useMutation({
    mutationFn: (id: string) => api.post<IdentitySecretCreated>(`${KEYS}/${id}/identity-secret`),
    onSuccess: invalidate,
  });
}
