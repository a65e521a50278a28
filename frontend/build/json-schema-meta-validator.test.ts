import { describe, expect, it } from "vitest";
import { metaSchemaValidatorCode } from "./json-schema-meta-validator";

describe("the build-time meta-schema validator", () => {
  it("is plain code: nothing the CSP forbids and no CommonJS left for the browser", () => {
    const code = metaSchemaValidatorCode();
    expect(code).toMatch(/^import fastDeepEqual from "fast-deep-equal";/);
    expect(code).toContain("export default validate");
    expect(code).not.toMatch(/new Function|\beval\(|require\(/);
  });
});
