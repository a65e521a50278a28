import { afterEach, describe, expect, it } from "vitest";
import { cspNonce, withStyleNonce } from "./csp-nonce";

describe("cspNonce", () => {
  afterEach(() => {
    for (const meta of document.querySelectorAll("meta[property=csp-nonce]")) meta.remove();
  });

  it("reads the nonce index.html carries", () => {
    const meta = document.createElement("meta");
    meta.setAttribute("property", "csp-nonce");
    meta.setAttribute("nonce", "abc123");
    document.head.append(meta);
    expect(cspNonce()).toBe("abc123");
  });

  it("is undefined without one (tests, the dev server before the API answers)", () => {
    expect(cspNonce()).toBeUndefined();
  });
});

describe("withStyleNonce", () => {
  it("gives every style element of previewed HTML the page's nonce, first", () => {
    const html =
      '<html><head><style>p{color:red}</style><STYLE nonce="x">b{}</STYLE></head></html>';
    expect(withStyleNonce(html, "n0")).toBe(
      '<html><head><style nonce="n0">p{color:red}</style><style nonce="n0" nonce="x">b{}</STYLE></head></html>',
    );
  });

  it("leaves HTML alone without a nonce", () => {
    expect(withStyleNonce("<style>p{}</style>", undefined)).toBe("<style>p{}</style>");
  });

  it("does not touch words that only start like style", () => {
    expect(withStyleNonce("<styles>", "n0")).toBe("<styles>");
  });
});
