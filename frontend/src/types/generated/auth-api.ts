/**
 * Generated from schemas/auth-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Every shape of the sign-in API in one schema (schemas/auth-api.schema.json), so the
 *     SPA's TypeScript types are generated from these.
 */
export interface AuthApi {
  auth_config: AuthConfig;
  invite_acceptance: InviteAcceptance;
  invite_info: InviteInfo;
  login: LoginRequest;
  me: Me;
  role: Role;
  role_switch: RoleSwitch;
  [k: string]: unknown | undefined;
}
export interface AuthConfig {
  password: boolean;
  sso: SsoConfig;
  [k: string]: unknown | undefined;
}
export interface SsoConfig {
  enabled: boolean;
  label: string;
  [k: string]: unknown | undefined;
}
export interface InviteAcceptance {
  password: string;
}
export interface InviteInfo {
  email: string;
  expires_at: string;
  name: string;
  [k: string]: unknown | undefined;
}
export interface LoginRequest {
  email: string;
  password: string;
}
export interface Me {
  active_role: string;
  contact_id: string;
  csrf_token: string;
  email: string;
  id: string;
  kind: "customer" | "staff";
  name: string;
  permissions: string[];
  primary_role: string;
  roles: Role[];
  [k: string]: unknown | undefined;
}
export interface Role {
  dashboard: string;
  label: string;
  /**
   * Lower-case letters, digits and underscores, e.g. `customer_support`.
   */
  name: string;
  permissions: string[];
  queue: string | null;
  [k: string]: unknown | undefined;
}
export interface RoleSwitch {
  role: string;
}
