import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { type Me, SIGN_IN_META, startSession } from "@/lib/auth";

const BASE = "/api/v1/portal/auth";

import type { PortalConfig } from "@/types/generated/portal-api";

/** GET /api/v1/portal/auth/config (docs/portal-api.md). */
export type PortalAuthConfig = PortalConfig;

export const portalAuthConfigQueryOptions = queryOptions({
  queryKey: ["portal-auth", "config"],
  queryFn: ({ signal }) => api.get<PortalAuthConfig>(`${BASE}/config`, { signal }),
  staleTime: 5 * 60_000,
});

/** 202 whether or not the address has an account: the answer says nothing about it. */
export function useRequestSignInLink() {
  return useMutation({
    mutationFn: (email: string) => api.post<void>(`${BASE}/link`, { email }),
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (data: { name: string; email: string }) => api.post<void>(`${BASE}/register`, data),
  });
}

/** Spends the emailed one-time token and signs in. */
export function useSignInWithLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api.post<Me>(`${BASE}/link/sign-in`, { token }),
    meta: SIGN_IN_META,
    onSuccess: (me) => startSession(queryClient, me),
  });
}
