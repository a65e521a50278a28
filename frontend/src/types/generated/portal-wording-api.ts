/**
 * Generated from schemas/portal-wording-api.schema.json by frontend/scripts/gen-types.mjs — do not edit.
 * Change the schema's source in the backend, then run `npm run gen:types`.
 */

/**
 * The stage-wording API's shapes in one schema (schemas/portal-wording-api.schema.json),
 *     so the SPA's TypeScript types are generated from these.
 */
export interface PortalWordingApi {
  job_type_words: JobTypeWords;
  stage_words: StageWords;
  stage_words_update: StageWordsUpdate;
  [k: string]: unknown | undefined;
}
export interface JobTypeWords {
  job_type: string;
  label: string;
  stages: StageWords[];
  [k: string]: unknown | undefined;
}
/**
 * One stage of a job type: `created`, `claimed`, `on_hold`, `completed` or
 *     `completed:<outcome>`.
 */
export interface StageWords {
  default_words: string;
  stage: string;
  updated_at: string | null;
  words: string | null;
  [k: string]: unknown | undefined;
}
export interface StageWordsUpdate {
  words: string;
}
