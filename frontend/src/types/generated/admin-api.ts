/**
 * Generated from schemas/admin-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

export type Permission =
  | "accounts:manage"
  | "contacts:read"
  | "contacts:write"
  | "events:read"
  | "events:write"
  | "job_types:manage"
  | "jobs:supervise"
  | "jobs:work"
  | "journeys:publish"
  | "journeys:read"
  | "journeys:write"
  | "keys:manage"
  | "portal:affiliate"
  | "portal:self"
  | "portal:wording"
  | "reports:read"
  | "sales:manage"
  | "sales:work"
  | "segments:write";

/**
 * Every shape of the admin API in one schema (schemas/admin-api.schema.json), so the
 *     SPA's TypeScript types are generated from these.
 */
export interface AdminApi {
  allowed_origins: AllowedOrigins;
  api_key: ApiKey;
  api_key_created: ApiKeyCreated;
  api_key_request: ApiKeyRequest;
  audit_entry: AuditEntry;
  audit_page: AuditPage;
  identity_secret_created: IdentitySecretCreated;
  invite_created: InviteCreated;
  invite_request: InviteRequest;
  permission_info: PermissionInfo;
  role_create: RoleCreate;
  role_update: RoleUpdate;
  roles_change: RolesChange;
  user: User;
  user_page: UserPage;
  [k: string]: unknown | undefined;
}
/**
 * The whole list of websites a public write key may be used from (it replaces the
 *     current list; an empty list refuses every page).
 */
export interface AllowedOrigins {
  /**
   * @maxItems 50
   *
   * Items: A web origin: scheme, host and port, e.g. `https://shop.example`; `https://*.shop.example` allows every subdomain.
   */
  allowed_origins: string[];
}
export interface ApiKey {
  allowed_origins: string[];
  created_at: string;
  created_by: string;
  id: string;
  identity_secret_set_at: string | null;
  kind: "public_write" | "server";
  last_used_at: string | null;
  name: string;
  prefix: string;
  revoked_at: string | null;
  scopes: string[];
  [k: string]: unknown | undefined;
}
export interface ApiKeyCreated {
  api_key: ApiKey;
  identity_secret: string | null;
  key: string;
  [k: string]: unknown | undefined;
}
export interface ApiKeyRequest {
  /**
   * @maxItems 50
   *
   * Items: A web origin: scheme, host and port, e.g. `https://shop.example`; `https://*.shop.example` allows every subdomain.
   */
  allowed_origins?: string[];
  kind: "public_write" | "server";
  name: string;
  scopes?: Permission[];
}
export interface AuditEntry {
  action: string;
  actor: AuditActor | null;
  at: string;
  changes: {
    [k: string]: unknown | undefined;
  };
  id: number;
  target_id: string;
  target_type: string;
  [k: string]: unknown | undefined;
}
export interface AuditActor {
  email: string;
  id: string;
  [k: string]: unknown | undefined;
}
export interface AuditPage {
  items: AuditEntry[];
  total: number;
  [k: string]: unknown | undefined;
}
export interface IdentitySecretCreated {
  api_key: ApiKey;
  identity_secret: string;
  [k: string]: unknown | undefined;
}
export interface InviteCreated {
  expires_at: string;
  invite_url: string;
  user: User;
  [k: string]: unknown | undefined;
}
export interface User {
  contact_id: string;
  created_at: string;
  email: string;
  id: string;
  is_active: boolean;
  kind: "customer" | "staff";
  last_login_at: string | null;
  name: string;
  primary_role: string;
  secondary_roles: string[];
  [k: string]: unknown | undefined;
}
export interface InviteRequest {
  email: string;
  name: string;
  /**
   * Lower-case letters, digits and underscores, e.g. `customer_support`.
   */
  primary_role: string;
  /**
   * Items: Lower-case letters, digits and underscores, e.g. `customer_support`.
   */
  secondary_roles?: string[];
}
export interface PermissionInfo {
  description: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface RoleCreate {
  dashboard: string;
  label: string;
  /**
   * Lower-case letters, digits and underscores, e.g. `customer_support`.
   */
  name: string;
  permissions: Permission[];
  queue?: string | null;
}
/**
 * A PUT replaces: every field is required (`queue: null` for none).
 */
export interface RoleUpdate {
  dashboard: string;
  label: string;
  permissions: Permission[];
  queue: string | null;
}
/**
 * A PUT replaces: both fields are required (`secondary_roles: []` for none).
 */
export interface RolesChange {
  /**
   * Lower-case letters, digits and underscores, e.g. `customer_support`.
   */
  primary_role: string;
  /**
   * Items: Lower-case letters, digits and underscores, e.g. `customer_support`.
   */
  secondary_roles: string[];
}
export interface UserPage {
  items: User[];
  total: number;
  [k: string]: unknown | undefined;
}
