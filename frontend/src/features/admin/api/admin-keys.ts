/** Query keys for the admin area: every mutation invalidates what it changed. */
export const adminKeys = {
  all: ["admin"] as const,
  users: () => [...adminKeys.all, "users"] as const,
  userList: (filters: UserFilters) => [...adminKeys.users(), filters] as const,
  roles: () => [...adminKeys.all, "roles"] as const,
  permissions: () => [...adminKeys.all, "permissions"] as const,
  apiKeys: () => [...adminKeys.all, "api-keys"] as const,
  audit: () => [...adminKeys.all, "audit"] as const,
  webhookNetworks: () => [...adminKeys.all, "webhook-networks"] as const,
  auditList: (filters: AuditFilters) => [...adminKeys.audit(), filters] as const,
};

export interface UserFilters {
  q: string;
  role: string | null;
  active: boolean | null;
  page: number;
  page_size: number;
}

export interface AuditFilters {
  actor: string;
  target_type: string | null;
  page: number;
}
