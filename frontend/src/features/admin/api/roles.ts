import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { authKeys } from "@/lib/auth";
import type { PermissionInfo, Role, RoleInput } from "../types";
import { adminKeys } from "./admin-keys";

export const rolesQueryOptions = queryOptions({
  queryKey: adminKeys.roles(),
  queryFn: ({ signal }) => api.get<Role[]>("/api/v1/admin/roles", { signal }),
});

export const permissionsQueryOptions = queryOptions({
  queryKey: adminKeys.permissions(),
  queryFn: ({ signal }) => api.get<PermissionInfo[]>("/api/v1/admin/permissions", { signal }),
  staleTime: Number.POSITIVE_INFINITY,
});

/** After a role change: roles, the users showing them, the audit log, and (if it is one of
 * ours) what we ourselves may do. */
function useInvalidateRoles() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminKeys.roles() }),
      queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
      queryClient.invalidateQueries({ queryKey: adminKeys.audit() }),
      queryClient.invalidateQueries({ queryKey: authKeys.me }),
    ]);
}

export function useCreateRole() {
  const invalidate = useInvalidateRoles();
  return useMutation({
    mutationFn: (role: Role) => api.post<Role>("/api/v1/admin/roles", role),
    onSuccess: invalidate,
  });
}

export function useUpdateRole() {
  const invalidate = useInvalidateRoles();
  return useMutation({
    mutationFn: ({ name, ...data }: RoleInput & { name: string }) =>
      api.put<Role>(`/api/v1/admin/roles/${encodeURIComponent(name)}`, data),
    onSuccess: invalidate,
  });
}
