/**
 * The admin API's shapes (docs/auth-api.md, "Shapes"): generated from the backend's schema
 * (types/generated/admin-api.ts), plus the unions and UI shapes the SPA names.
 */
import type { ApiKey, RoleUpdate } from "@/types/generated/admin-api";

export type { Role } from "@/lib/auth";
export type {
  AllowedOrigins,
  ApiKey,
  ApiKeyCreated,
  ApiKeyRequest,
  AuditEntry,
  AuditPage,
  IdentitySecretCreated,
  InviteCreated,
  InviteRequest,
  PermissionInfo,
  RoleCreate,
  RolesChange,
  User,
  UserPage,
} from "@/types/generated/admin-api";

/** A role's fields as the role form edits them (its name is fixed once created). */
export type RoleInput = RoleUpdate;
export type ApiKeyKind = ApiKey["kind"];

/** One change: `{field: {from, to}}`. */
export interface FieldChange {
  from?: unknown;
  to?: unknown;
}
