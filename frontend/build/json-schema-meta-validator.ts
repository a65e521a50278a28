/**
 * A Vite plugin that serves `virtual:json-schema-meta-validator`: Ajv's check of a schema
 * against the JSON Schema 2020-12 meta-schema, compiled to plain code when the SPA is built.
 *
 * Why: Ajv compiles validators at run time with `new Function`, which the app's Content
 * Security Policy (no 'unsafe-eval') forbids, so `ajv.validateSchema` crashes in the real
 * browser. The meta-schema never changes, so Ajv's standalone code (its documented answer
 * for CSP) is generated here once per build instead.
 */
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { Plugin } from "vite";

const ID = "virtual:json-schema-meta-validator";
const RESOLVED = `\0${ID}`;
const META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
// The one runtime helper the generated code `require`s; the browser gets it as an import.
const EQUAL_REQUIRE = 'require("ajv/dist/runtime/equal").default';

export function metaSchemaValidatorCode(): string {
  const ajv = new Ajv2020({ strict: false, allErrors: true, code: { source: true, esm: true } });
  const validate = ajv.getSchema(META_SCHEMA);
  if (!validate) throw new Error(`Ajv has no meta-schema ${META_SCHEMA}`);
  const code = standaloneCode(ajv, validate);
  if (/require\(/.test(code.replaceAll(EQUAL_REQUIRE, ""))) {
    throw new Error("Ajv's standalone meta-schema code needs a runtime helper not mapped here");
  }
  return `import fastDeepEqual from "fast-deep-equal";\n${code.replaceAll(EQUAL_REQUIRE, "fastDeepEqual")}`;
}

export function jsonSchemaMetaValidator(): Plugin {
  return {
    name: "waymark:json-schema-meta-validator",
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? metaSchemaValidatorCode() : undefined),
  };
}
