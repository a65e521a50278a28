/** The stage-wording API's shapes (docs/portal-api.md, "Stage wording"), generated. */
export type { JobTypeWords, StageWords } from "@/types/generated/portal-wording-api";
