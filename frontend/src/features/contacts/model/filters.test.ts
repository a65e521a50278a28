import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  filtersFromSearch,
  filtersToQuery,
  filtersToSearch,
  NO_FILTERS,
  withFilter,
} from "./filters";

describe("contact filters in the address", () => {
  it.each([
    ["", NO_FILTERS],
    ["q=ada&tag=vip", { ...NO_FILTERS, q: "ada", tag: "vip" }],
    ["score_min=50&score_max=x&page=3", { ...NO_FILTERS, score_min: 50, page: 3 }],
    [
      "page=0&owner=none&consent=email:refused",
      { ...NO_FILTERS, owner: "none", consent: "email:refused" },
    ],
    ["segment=%20", NO_FILTERS],
  ])("reads %s", (search, expected) => {
    expect(filtersFromSearch(new URLSearchParams(search))).toEqual(expected);
  });

  it("writes only what differs from no filter, and reads it back the same", () => {
    const filters = { ...NO_FILTERS, q: "grace", segment: "customers", score_min: 0, page: 2 };
    const search = filtersToSearch(filters);
    expect(search.toString()).toBe("q=grace&segment=customers&score_min=0&page=2");
    expect(filtersFromSearch(search)).toEqual(filters);
    expect(filtersToSearch(NO_FILTERS).toString()).toBe("");
  });

  it("sends empty search as no search", () => {
    expect(filtersToQuery({ ...NO_FILTERS, q: "  " }).q).toBeNull();
  });

  it("goes back to page 1 when a filter changes, not when the page does", () => {
    const onPage3 = { ...NO_FILTERS, page: 3 };
    expect(withFilter(onPage3, "tag", "vip").page).toBe(1);
    expect(withFilter(onPage3, "page", 4).page).toBe(4);
  });

  it("counts active filters (not the search)", () => {
    expect(activeFilterCount({ ...NO_FILTERS, q: "x", tag: "vip", score_max: 0 })).toBe(2);
  });
});
