#!/usr/bin/env node
/**
 * Generates TypeScript types from the shared JSON Schemas.
 *
 *   node scripts/gen-types.mjs           writes src/types/generated/<name>.ts for every
 *                                        ../schemas/<name>.schema.json, removes stale files
 *   node scripts/gen-types.mjs --check   regenerates in memory; exits 1 and lists every
 *                                        file that differs, is missing or is extra
 *
 * Options (for tests and unusual layouts): --schemas <dir>, --out <dir>.
 * A missing or empty schemas folder is not an error: it simply yields no types.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { compile } from "json-schema-to-typescript";

const FRONTEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_SCHEMAS_DIR = path.resolve(FRONTEND_DIR, "../schemas");
export const DEFAULT_OUT_DIR = path.resolve(FRONTEND_DIR, "src/types/generated");

const SCHEMA_SUFFIX = ".schema.json";

/** `event-envelope` → `EventEnvelope`: the root type's name when the schema has no title. */
function typeName(name) {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

function banner(schemaFile) {
  return [
    "/**",
    ` * Generated from schemas/${schemaFile} by frontend/scripts/gen-types.mjs — do not edit.`,
    " * Change the schema's source in the backend, then run `npm run gen:types`.",
    " */",
  ].join("\n");
}

async function listFiles(dir, suffix) {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
}

const ROOT_KEYWORDS = ["type", "$ref", "anyOf", "oneOf", "allOf", "properties", "enum", "const"];

/** A schema that is only a bundle of `$defs` has no root type of its own. */
function hasRootType(schema) {
  return ROOT_KEYWORDS.some((keyword) => keyword in schema);
}

/**
 * A copy of `schema` where only the root and the `$defs` entries keep their `title`.
 * Titles on fields are labels for the inspector's forms; json-schema-to-typescript would
 * otherwise turn each titled field into a named alias (`type HowMany = number`) and
 * rename referenced types after the field (`duration: WaitFor` instead of `Duration`).
 */
export function withoutFieldTitles(schema, keepTitle = true) {
  if (Array.isArray(schema)) return schema.map((item) => withoutFieldTitles(item, false));
  if (schema === null || typeof schema !== "object") return schema;
  const copy = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "title" && !keepTitle) continue;
    if (key === "$defs" || key === "definitions") {
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, def]) => [name, withoutFieldTitles(def, true)]),
      );
    } else if (key === "properties" || key === "patternProperties") {
      // Keys here are property names, not keywords: a property called `title` stays.
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, withoutFieldTitles(sub, false)]),
      );
    } else {
      copy[key] = withoutFieldTitles(value, false);
    }
  }
  return copy;
}

/** Every generated file's content, keyed by its file name in the output folder. */
export async function generate(schemasDir = DEFAULT_SCHEMAS_DIR) {
  const files = new Map();
  for (const schemaFile of await listFiles(schemasDir, SCHEMA_SUFFIX)) {
    const name = schemaFile.slice(0, -SCHEMA_SUFFIX.length);
    const schemaPath = path.join(schemasDir, schemaFile);
    let schema;
    try {
      schema = JSON.parse(await readFile(schemaPath, "utf8"));
    } catch (error) {
      throw new Error(`${schemaPath}: not valid JSON (${error.message})`);
    }
    // A relative $id would make $ref resolution look for files next to the process
    // instead of next to the schema; the file's own location is the right base.
    const { $id: _id, ...withoutId } = schema;
    const source = await compile(withoutFieldTitles(withoutId), typeName(name), {
      bannerComment: banner(schemaFile),
      cwd: schemasDir,
      declareExternallyReferenced: true,
      // Types reachable from the root are always emitted. Emitting the unreachable ones
      // too would duplicate a $def whose $ref carries sibling keywords (ContactRef and
      // ContactRef1), so do it only for a bundle of $defs without a root.
      unreachableDefinitions: !hasRootType(withoutId),
      strictIndexSignatures: true,
      format: true,
      style: { singleQuote: false, semi: true, trailingComma: "all", printWidth: 100 },
    });
    files.set(`${name}.ts`, source);
  }
  return files;
}

/** Differences between the generated files and the output folder, as readable lines. */
export async function findDrift(expected, outDir = DEFAULT_OUT_DIR) {
  const drift = [];
  const onDisk = await listFiles(outDir, ".ts");
  for (const [file, content] of expected) {
    const target = path.join(outDir, file);
    let current;
    try {
      current = await readFile(target, "utf8");
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
      drift.push(`missing: ${target}`);
      continue;
    }
    if (current !== content) drift.push(`differs: ${target}`);
  }
  for (const file of onDisk) {
    if (!expected.has(file)) drift.push(`extra:   ${path.join(outDir, file)}`);
  }
  return drift;
}

export async function write(expected, outDir = DEFAULT_OUT_DIR) {
  const changed = [];
  await mkdir(outDir, { recursive: true });
  for (const [file, content] of expected) {
    const target = path.join(outDir, file);
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current === content) continue;
    await writeFile(target, content);
    changed.push(`wrote:   ${target}`);
  }
  for (const file of await listFiles(outDir, ".ts")) {
    if (expected.has(file)) continue;
    await rm(path.join(outDir, file));
    changed.push(`removed: ${path.join(outDir, file)}`);
  }
  return changed;
}

export async function main(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: "boolean", default: false },
      schemas: { type: "string", default: DEFAULT_SCHEMAS_DIR },
      out: { type: "string", default: DEFAULT_OUT_DIR },
    },
  });
  const schemasDir = path.resolve(values.schemas);
  const outDir = path.resolve(values.out);
  const relative = (line) => line.replace(process.cwd() + path.sep, "");

  const expected = await generate(schemasDir);
  if (values.check) {
    const drift = await findDrift(expected, outDir);
    if (drift.length > 0) {
      console.error("Generated types are out of date with the schemas:");
      for (const line of drift) console.error(`  ${relative(line)}`);
      console.error("Run `npm run gen:types` in frontend/ and commit the result.");
      return 1;
    }
    console.log(`Generated types match ${expected.size} schema(s).`);
    return 0;
  }
  const changed = await write(expected, outDir);
  for (const line of changed) console.log(relative(line));
  console.log(`${expected.size} schema(s), ${changed.length} file(s) changed.`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
