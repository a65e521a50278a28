import type { Role, UserKind } from "@/lib/auth";
import type { Permission } from "@/lib/permissions";

export type { Role };

/** docs/auth-api.md, "Shapes". */
export interface User {
  id: string;
  contact_id: string;
  email: string;
  name: string;
  kind: UserKind;
  is_active: boolean;
  primary_role: string;
  secondary_roles: string[];
  created_at: string;
  last_login_at: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface InviteRequest {
  email: string;
  name: string;
  primary_role: string;
  secondary_roles: string[];
}

export interface InviteCreated {
  user: User;
  invite_url: string;
  expires_at: string;
}

export interface RolesChange {
  primary_role: string;
  secondary_roles: string[];
}

export interface RoleInput {
  label: string;
  permissions: Permission[];
  queue: string | null;
  dashboard: string;
}

export interface PermissionInfo {
  name: Permission;
  description: string;
}

export type ApiKeyKind = "server" | "public_write";

export interface ApiKey {
  id: string;
  name: string;
  kind: ApiKeyKind;
  prefix: string;
  scopes: string[];
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Public write keys: the origins whose pages may use the key (none: no page may). */
  allowed_origins: string[];
  /** When the identity secret was made; null when there is none (all stays anonymous). */
  identity_secret_set_at: string | null;
}

export interface ApiKeyRequest {
  name: string;
  kind: ApiKeyKind;
  scopes: Permission[];
  allowed_origins?: string[];
}

export interface ApiKeyCreated {
  key: string;
  api_key: ApiKey;
  /** Public write keys: signs user ids for track.js (user_hash); shown this once. */
  identity_secret: string | null;
}

export interface IdentitySecretCreated {
  identity_secret: string;
  api_key: ApiKey;
}

/** One change: `{field: {from, to}}`. */
export interface FieldChange {
  from?: unknown;
  to?: unknown;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: string; email: string } | null;
  action: string;
  target_type: string;
  target_id: string;
  changes: Record<string, FieldChange | unknown>;
}
