/**
 * Generated from schemas/webhook-networks-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * The allow-list API's shapes in one schema (schemas/webhook-networks-api.schema.json),
 *     so the SPA's TypeScript types are generated from these.
 */
export interface WebhookNetworksApi {
  current: WebhookNetworks;
  update: WebhookNetworksUpdate;
  [k: string]: unknown | undefined;
}
/**
 * The allow-list in force and where it comes from.
 */
export interface WebhookNetworks {
  environment: string[];
  networks: string[];
  source: "environment" | "saved";
  updated_at: string | null;
  updated_by: ChangedBy | null;
  [k: string]: unknown | undefined;
}
export interface ChangedBy {
  email: string;
  id: string;
  [k: string]: unknown | undefined;
}
/**
 * The new list (replaces the one in force; an empty list allows no private network).
 */
export interface WebhookNetworksUpdate {
  /**
   * @maxItems 100
   */
  networks: string[];
}
