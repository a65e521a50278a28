import { describe, expect, it } from "vitest";
import { pageCategory } from "./portal-section";

describe("pageCategory", () => {
  it.each([
    ["/portal", "home"],
    ["/portal/", "home"],
    ["/portal/orders", "orders"],
    ["/portal/records/123", "records"],
    ["/portal/content/onboarding", "content"],
  ])("files %s under %s", (path, category) => {
    expect(pageCategory(path)).toBe(category);
  });
});
