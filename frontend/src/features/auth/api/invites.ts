import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { type Me, SIGN_IN_META, startSession } from "@/lib/auth";

import type { InviteInfo } from "@/types/generated/auth-api";

/** GET /api/v1/auth/invites/{token}: 404 unknown, 410 used or expired. */
export type { InviteInfo };

function inviteUrl(token: string): string {
  return `/api/v1/auth/invites/${encodeURIComponent(token)}`;
}

export const inviteQueryOptions = (token: string) =>
  queryOptions({
    queryKey: ["invites", token],
    queryFn: ({ signal }) => api.get<InviteInfo>(inviteUrl(token), { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

/** Sets the password and signs in. */
export function useAcceptInvite(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.post<Me>(inviteUrl(token), { password }),
    meta: SIGN_IN_META,
    onSuccess: (me) => startSession(queryClient, me),
  });
}
