import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  endOfDayExclusiveIso,
  filtersEqual,
  filtersFromSearch,
  filtersToSearch,
  jobsListUrl,
  localDay,
  startOfDayIso,
} from "./filters";

describe("filters ⇄ URL", () => {
  it("reads every filter the API knows, repeatable keys included", () => {
    const params = new URLSearchParams(
      "scope=mine&status=on_hold&status=new&type=manufacture&type=confirm_order&priority=urgent" +
        "&assignee=me&q=%22order+A-1%22&created_from=2026-11-01T00:00:00.000Z" +
        "&due_to=2026-11-03T00:00:00.000Z&overrunning=true&sort=due_at",
    );
    expect(filtersFromSearch(params)).toEqual({
      scope: "mine",
      status: ["new", "on_hold"],
      type: ["confirm_order", "manufacture"],
      priority: ["urgent"],
      assignee: "me",
      q: '"order A-1"',
      created_from: "2026-11-01T00:00:00.000Z",
      due_to: "2026-11-03T00:00:00.000Z",
      overrunning: true,
      sort: "due_at",
    });
  });

  it("drops what it does not understand instead of sending it", () => {
    const params = new URLSearchParams(
      "scope=everything&status=done&type=Bad%20Name&priority=meh&assignee=bob" +
        "&created_from=yesterday&overrunning=maybe&sort=title&q=%20%20&page=3",
    );
    expect(filtersFromSearch(params)).toEqual({});
  });

  it("round-trips through the URL in one stable order, leaving defaults out", () => {
    const filters = {
      type: ["manufacture"],
      status: ["in_progress" as const, "new" as const],
      sort: "-created_at" as const, // the default: not written
      overrunning: false, // off: not written
      q: "ada",
    };
    const search = filtersToSearch(filters).toString();
    expect(search).toBe("status=new&status=in_progress&type=manufacture&q=ada");
    expect(filtersFromSearch(new URLSearchParams(search))).toEqual({
      status: ["new", "in_progress"],
      type: ["manufacture"],
      q: "ada",
    });
    expect(filtersEqual(filters, filtersFromSearch(new URLSearchParams(search)))).toBe(true);
    expect(filtersEqual(filters, { ...filters, q: "grace" })).toBe(false);
  });

  it("reads a saved filter whose unset keys are null", () => {
    expect(
      filtersToSearch({ q: null, assignee: null, status: ["new"], overrunning: true }).toString(),
    ).toBe("status=new&overrunning=true");
  });

  it("counts filters but not the view's sort and scope", () => {
    expect(activeFilterCount({ sort: "due_at", scope: "all" })).toBe(0);
    expect(activeFilterCount({ q: "x", overrunning: true, status: ["new"] })).toBe(3);
  });
});

describe("the GET /jobs URL", () => {
  it("lists queues, filters, page size and cursor as the API reads them", () => {
    expect(
      jobsListUrl({
        queues: ["administration", "production"],
        filters: { scope: "default", status: ["new"], overrunning: true },
        cursor: "abc",
        limit: 25,
      }),
    ).toBe(
      "/api/v1/jobs?queue=administration&queue=production&scope=default&status=new" +
        "&overrunning=true&limit=25&cursor=abc",
    );
    expect(jobsListUrl({ queues: [], filters: {} })).toBe("/api/v1/jobs");
  });
});

describe("date ranges", () => {
  it("turns an inclusive range of local days into [from, to) instants and back", () => {
    const from = startOfDayIso("2026-11-01");
    const to = endOfDayExclusiveIso("2026-11-03");
    expect(new Date(to).getTime() - new Date(from).getTime()).toBeGreaterThanOrEqual(
      3 * 24 * 3600_000 - 3600_000, // a DST change may shorten it by an hour
    );
    expect(localDay(from)).toBe("2026-11-01");
    expect(localDay(to, true)).toBe("2026-11-03");
    expect(localDay(undefined)).toBeNull();
  });
});
