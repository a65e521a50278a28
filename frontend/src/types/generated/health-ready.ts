/**
 * Generated from schemas/health-ready.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

export interface Readiness {
  checks: {
    [k: string]: "down" | "ok" | undefined;
  };
  errors: {
    [k: string]: string | undefined;
  };
  status: "down" | "ok";
  [k: string]: unknown | undefined;
}
