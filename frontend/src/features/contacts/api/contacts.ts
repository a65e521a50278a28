import {
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { EnrolableJourney, Enrolled } from "@/types/generated/enrollment-actions-api";
import type { EnrollmentPage } from "@/types/generated/enrollments-api";
import type { ContactFilters } from "../model/filters";
import { filtersToQuery } from "../model/filters";
import type {
  Channel,
  ConsentRecord,
  ConsentStatus,
  Contact,
  ContactObject,
  ContactPage,
  ContactUpdate,
  Note,
  ObjectCreate,
  Owner,
  TimelinePage,
} from "../types";

const BASE = "/api/v1/contacts";

export const contactKeys = {
  all: ["contacts"] as const,
  lists: () => [...contactKeys.all, "list"] as const,
  list: (filters: ContactFilters) => [...contactKeys.lists(), filters] as const,
  owners: () => [...contactKeys.all, "owners"] as const,
  detail: (id: string) => [...contactKeys.all, "detail", id] as const,
  part: (id: string, part: string) => [...contactKeys.detail(id), part] as const,
};

export const contactsQueryOptions = (filters: ContactFilters) =>
  queryOptions({
    queryKey: contactKeys.list(filters),
    queryFn: ({ signal }) => api.get<ContactPage>(BASE, { signal, query: filtersToQuery(filters) }),
    placeholderData: keepPreviousData,
  });

export const ownersQueryOptions = queryOptions({
  queryKey: contactKeys.owners(),
  queryFn: ({ signal }) => api.get<Owner[]>(`${BASE}/owners`, { signal }),
  staleTime: 60_000,
});

export const contactQueryOptions = (id: string) =>
  queryOptions({
    queryKey: contactKeys.detail(id),
    queryFn: ({ signal }) => api.get<Contact>(`${BASE}/${id}`, { signal }),
  });

export const consentHistoryQueryOptions = (id: string) =>
  queryOptions({
    queryKey: contactKeys.part(id, "consent-history"),
    queryFn: ({ signal }) => api.get<ConsentRecord[]>(`${BASE}/${id}/consent/history`, { signal }),
  });

export const objectsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: contactKeys.part(id, "objects"),
    queryFn: ({ signal }) => api.get<ContactObject[]>(`${BASE}/${id}/objects`, { signal }),
  });

/** The journeys the contact is in now (running or paused), newest first. */
export const enrollmentsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: contactKeys.part(id, "enrollments"),
    queryFn: ({ signal }) =>
      api.get<EnrollmentPage>("/api/v1/enrollments?status=active&status=paused", {
        signal,
        query: { contact_id: id, limit: 50 },
      }),
  });

/** Live journeys that start with a manual trigger (to enrol a contact by hand). */
export const enrolableQueryOptions = queryOptions({
  queryKey: ["journeys", "enrolable"],
  queryFn: ({ signal }) => api.get<EnrolableJourney[]>("/api/v1/journeys/enrolable", { signal }),
});

/** Enrol the contact in a journey now: enrolled, or refused with why (re-entry rule). */
export function useEnrolContact(contactId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ journeyId, triggerNodeId }: { journeyId: string; triggerNodeId: string }) =>
      api.post<Enrolled>(`/api/v1/journeys/${journeyId}/enrollments`, {
        contact_id: contactId,
        trigger_node_id: triggerNodeId,
      }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: contactKeys.detail(contactId) });
      void queryClient.invalidateQueries({ queryKey: ["enrollments"] });
    },
  });
}

export const notesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: contactKeys.part(id, "notes"),
    queryFn: ({ signal }) => api.get<Note[]>(`${BASE}/${id}/notes`, { signal }),
  });

export function useTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: contactKeys.part(id, "timeline"),
    queryFn: ({ signal, pageParam }) =>
      api.get<TimelinePage>(`${BASE}/${id}/timeline`, {
        signal,
        query: { limit: 25, before: pageParam },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

/** After any change: the contact, its parts (timeline, history…) and every list. */
function useInvalidateContact(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: contactKeys.detail(id) }),
      queryClient.invalidateQueries({ queryKey: contactKeys.lists() }),
    ]);
}

function useContactMutation<T, R>(id: string, send: (data: T) => Promise<R>) {
  const invalidate = useInvalidateContact(id);
  return useMutation({ mutationFn: send, onSuccess: invalidate });
}

export const useUpdateContact = (id: string) =>
  useContactMutation(id, (data: ContactUpdate) => api.patch<Contact>(`${BASE}/${id}`, data));

export const useAddTags = (id: string) =>
  useContactMutation(id, (tags: string[]) => api.post<Contact>(`${BASE}/${id}/tags`, { tags }));

export const useRemoveTags = (id: string) =>
  useContactMutation(id, (tags: string[]) =>
    api.post<Contact>(`${BASE}/${id}/tags/remove`, { tags }),
  );

export const useChangeScore = (id: string) =>
  useContactMutation(id, (change: { delta: number } | { value: number }) =>
    api.post<Contact>(`${BASE}/${id}/score`, change),
  );

export const useSetConsent = (id: string) =>
  useContactMutation(id, (change: { channel: Channel; status: ConsentStatus; source?: string }) =>
    api.put<Contact>(`${BASE}/${id}/consent`, change),
  );

export const useSetOwner = (id: string) =>
  useContactMutation(id, (ownerId: string | null) =>
    api.put<Contact>(`${BASE}/${id}/owner`, { owner_id: ownerId }),
  );

export const useCreateObject = (id: string) =>
  useContactMutation(id, (data: ObjectCreate) =>
    api.post<ContactObject>(`${BASE}/${id}/objects`, data),
  );

export const useUpdateObjectStatus = (id: string) =>
  useContactMutation(id, ({ objectId, status }: { objectId: string; status: string }) =>
    api.patch<ContactObject>(`${BASE}/${id}/objects/${objectId}`, { status }),
  );

export const useDeleteObject = (id: string) =>
  useContactMutation(id, (objectId: string) =>
    api.delete<undefined>(`${BASE}/${id}/objects/${objectId}`),
  );

export const useAddNote = (id: string) =>
  useContactMutation(id, (body: string) => api.post<Note>(`${BASE}/${id}/notes`, { body }));

/** Saved segments for the list's filter (the segments page owns them; same cache key). */
export const segmentChoicesQueryOptions = queryOptions({
  queryKey: ["segments", "list"] as const,
  queryFn: ({ signal }) =>
    api.get<{ name: string; label: string }[]>("/api/v1/segments", { signal }),
  staleTime: 30_000,
});
