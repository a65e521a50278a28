/**
 * Generated from schemas/journeys-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * Shapes of the journeys API the SPA reads, in one schema
 *     (schemas/journeys-api.schema.json), so its TypeScript types are generated.
 */
export interface JourneysApi {
  field_catalog: FieldCatalog;
  [k: string]: unknown | undefined;
}
/**
 * `GET /journeys/catalog/fields`: what conditions and messages can read.
 */
export interface FieldCatalog {
  contact: FieldInfo[];
  events: {
    [k: string]: FieldInfo[] | undefined;
  };
  objects: {
    [k: string]: FieldInfo[] | undefined;
  };
  [k: string]: unknown | undefined;
}
/**
 * One field: the path a rule stores, what people call it, and its kind of value.
 */
export interface FieldInfo {
  custom?: boolean;
  example?: string | null;
  label: string;
  path: string;
  type: "boolean" | "date" | "list" | "number" | "text";
  [k: string]: unknown | undefined;
}
