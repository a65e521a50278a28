/** Modules the build makes (vite.config.ts plugins). */
declare module "virtual:json-schema-meta-validator" {
  import type { ErrorObject } from "ajv";

  /** Ajv's check of a JSON Schema against the 2020-12 meta-schema, compiled at build time. */
  const validate: ((schema: unknown) => boolean) & { errors?: ErrorObject[] | null };
  export default validate;
}
