import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type {
  AppointmentRequest,
  ConsentChannel,
  ConsentStatus,
  ErasureView,
  PortalConfig,
  PortalDocument,
  PortalHome,
  PortalMessage,
  PortalProfile,
  PortalRecord,
  PortalRecordDetail,
  ProfileUpdate,
  Referral,
  ReturnRequest,
  TicketRequest,
} from "../types";

const BASE = "/api/v1/portal";
/** How often open requests are re-read, so staff progress shows without a reload. */
export const LIVE_REFRESH_MS = 4000;

export type ListName = "orders" | "returns" | "tickets" | "appointments";

export const portalKeys = {
  all: ["portal"] as const,
  home: () => [...portalKeys.all, "home"] as const,
  profile: () => [...portalKeys.all, "profile"] as const,
  list: (name: ListName) => [...portalKeys.all, "list", name] as const,
  record: (id: string) => [...portalKeys.all, "record", id] as const,
  messages: () => [...portalKeys.all, "messages"] as const,
  erasure: () => [...portalKeys.all, "erasure"] as const,
  documents: () => [...portalKeys.all, "documents"] as const,
  referrals: () => [...portalKeys.all, "referrals"] as const,
  config: () => [...portalKeys.all, "config"] as const,
};

export const portalHomeQueryOptions = queryOptions({
  queryKey: portalKeys.home(),
  queryFn: ({ signal }) => api.get<PortalHome>(`${BASE}/home`, { signal }),
});

export const profileQueryOptions = queryOptions({
  queryKey: portalKeys.profile(),
  queryFn: ({ signal }) => api.get<PortalProfile>(`${BASE}/profile`, { signal }),
});

export function listQueryOptions(name: ListName) {
  return queryOptions({
    queryKey: portalKeys.list(name),
    queryFn: ({ signal }) => api.get<PortalRecord[]>(`${BASE}/${name}`, { signal }),
    refetchInterval: name === "orders" ? false : LIVE_REFRESH_MS,
  });
}

export function recordQueryOptions(id: string) {
  return queryOptions({
    queryKey: portalKeys.record(id),
    queryFn: ({ signal }) =>
      api.get<PortalRecordDetail>(`${BASE}/records/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: LIVE_REFRESH_MS,
    retry: false,
  });
}

export const messagesQueryOptions = queryOptions({
  queryKey: portalKeys.messages(),
  queryFn: ({ signal }) => api.get<PortalMessage[]>(`${BASE}/messages`, { signal }),
});

export const erasureQueryOptions = queryOptions({
  queryKey: portalKeys.erasure(),
  queryFn: ({ signal }) => api.get<ErasureView | null>(`${BASE}/erasure`, { signal }),
  // While the data-protection team works the request, its answer shows without a reload.
  refetchInterval: (query) => (query.state.data?.status === "requested" ? LIVE_REFRESH_MS : false),
});

export const documentsQueryOptions = queryOptions({
  queryKey: portalKeys.documents(),
  queryFn: ({ signal }) => api.get<PortalDocument[]>(`${BASE}/documents`, { signal }),
});

/** A document's PDF: a plain link, so the browser saves (or shows) the server's file. */
export function documentPdfUrl(id: number): string {
  return `${BASE}/documents/${id}/pdf`;
}

export const referralsQueryOptions = queryOptions({
  queryKey: portalKeys.referrals(),
  queryFn: ({ signal }) => api.get<Referral[]>(`${BASE}/referrals`, { signal }),
});

export const portalConfigQueryOptions = queryOptions({
  queryKey: portalKeys.config(),
  queryFn: ({ signal }) => api.get<PortalConfig>(`${BASE}/auth/config`, { signal }),
  staleTime: 5 * 60_000,
});

function useInvalidatePortal() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: portalKeys.all });
}

export function useUpdateProfile() {
  const invalidate = useInvalidatePortal();
  return useMutation({
    mutationFn: (data: ProfileUpdate) => api.patch<PortalProfile>(`${BASE}/profile`, data),
    onSuccess: invalidate,
  });
}

export function useUpdateConsent() {
  const invalidate = useInvalidatePortal();
  return useMutation({
    mutationFn: (data: { channel: ConsentChannel; status: ConsentStatus }) =>
      api.put<PortalProfile>(`${BASE}/profile/consent`, data),
    onSuccess: invalidate,
  });
}

export function useRequestReturn() {
  const invalidate = useInvalidatePortal();
  return useMutation({
    mutationFn: (data: ReturnRequest) => api.post<PortalRecordDetail>(`${BASE}/returns`, data),
    onSuccess: invalidate,
  });
}

export function useRaiseTicket() {
  const invalidate = useInvalidatePortal();
  return useMutation({
    mutationFn: (data: TicketRequest) => api.post<PortalRecordDetail>(`${BASE}/tickets`, data),
    onSuccess: invalidate,
  });
}

export function useBookAppointment() {
  const invalidate = useInvalidatePortal();
  return useMutation({
    mutationFn: (data: AppointmentRequest) =>
      api.post<PortalRecordDetail>(`${BASE}/appointments`, data),
    onSuccess: invalidate,
  });
}

export function useMoveAppointment() {
  const invalidate = useInvalidatePortal();
  return useMutation({
    mutationFn: ({ id, starts_at }: { id: string; starts_at: string }) =>
      api.post<PortalRecordDetail>(`${BASE}/appointments/${encodeURIComponent(id)}/move`, {
        starts_at,
      }),
    onSuccess: invalidate,
  });
}

export function useMarkRead() {
  const invalidate = useInvalidatePortal();
  return useMutation({
    mutationFn: (id: number) => api.post<PortalMessage>(`${BASE}/messages/${id}/read`),
    onSuccess: invalidate,
  });
}

export function useRequestErasure() {
  const invalidate = useInvalidatePortal();
  return useMutation({
    mutationFn: () => api.post<ErasureView>(`${BASE}/erasure`),
    onSuccess: invalidate,
  });
}

export function useRequestSignInLink() {
  return useMutation({
    mutationFn: (email: string) => api.post<void>(`${BASE}/auth/link`, { email }),
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (data: { name: string; email: string }) =>
      api.post<void>(`${BASE}/auth/register`, data),
  });
}

/** Tell the server which page was viewed (S10 recommends from the category viewed most). */
export function trackPageView(path: string, category: string): void {
  api.post<void>(`${BASE}/activity/page-view`, { path, category }).catch(() => {
    // Tracking must never get in the customer's way.
  });
}

/** The export is a download: the browser saves the server's JSON file as is. */
export const DATA_EXPORT_URL = `${BASE}/data-export`;
