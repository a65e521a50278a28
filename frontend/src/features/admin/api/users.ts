import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { InviteCreated, InviteRequest, RolesChange, User, UserPage } from "../types";
import { adminKeys, type UserFilters } from "./admin-keys";

const USERS = "/api/v1/admin/users";

export const usersQueryOptions = (filters: UserFilters) =>
  queryOptions({
    queryKey: adminKeys.userList(filters),
    queryFn: ({ signal }) =>
      api.get<UserPage>(USERS, {
        signal,
        query: {
          q: filters.q.trim() || null,
          role: filters.role,
          active: filters.active,
          page: filters.page,
          page_size: filters.page_size,
        },
      }),
    placeholderData: keepPreviousData,
  });

/** After any change to a user: the user lists and the audit log are out of date. */
function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
      queryClient.invalidateQueries({ queryKey: adminKeys.audit() }),
    ]);
}

export function useInviteUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (data: InviteRequest) => api.post<InviteCreated>(`${USERS}/invite`, data),
    onSuccess: invalidate,
  });
}

export function useChangeRoles() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, ...data }: RolesChange & { id: string }) =>
      api.put<User>(`${USERS}/${id}/roles`, data),
    onSuccess: invalidate,
  });
}

export type UserAction = "deactivate" | "reactivate" | "logout";

export function useUserAction() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: UserAction }) =>
      api.post<User>(`${USERS}/${id}/${action}`),
    onSuccess: invalidate,
  });
}
