import { describe, expect, it } from "vitest";
import type { FieldCatalog } from "@/types/generated/journeys-api";
import type { CaseCheck, TestRun, TestStep } from "@/types/generated/test-runs-api";
import {
  canFastForward,
  changedCases,
  DEFAULT_MADE_UP,
  describeChoice,
  describeDifference,
  describeResult,
  edgeKey,
  highlightOf,
  isExisting,
  madeUpSchema,
  nextActions,
  resultOf,
  stepToShow,
  testRequest,
  toMadeUpContact,
  toMadeUpForm,
} from "./test-run";

const AT = "2026-06-01T09:00:00Z";

function step(node_id: string, exit_taken: string | null, extra: Partial<TestStep> = {}): TestStep {
  return {
    round: 0,
    node_id,
    kind: null,
    label: node_id,
    exit_taken,
    at: AT,
    detail: "",
    token_id: "t1",
    event: {},
    variables: {},
    checks: [],
    preview: null,
    change: null,
    problems: [],
    ...extra,
  };
}

function run(partial: Partial<TestRun>): TestRun {
  return {
    journey_id: "j",
    version: null,
    status: "active",
    ended_reason: null,
    started_at: AT,
    clock: AT,
    contact: {},
    steps: [],
    waiting: [],
    path: [],
    ...partial,
  };
}

const label = (id: string) => `“${id}”`;

describe("the made-up contact form", () => {
  it("turns the form into the API's contact, leaving empty values out", () => {
    expect(
      toMadeUpContact({
        name: " Ada Lovelace ",
        email: "",
        phone: undefined,
        timezone: "",
        consent: { email: true, sms: false },
        attributes: { region: "north", size: "" },
        objects: { order: { status: "paid" }, return: { status: "" } },
        tags: ["vip", ""],
      }),
    ).toEqual({
      type: "made_up",
      fields: { name: "Ada Lovelace" },
      attributes: { region: "north" },
      consent: { email: true, sms: false },
      tags: ["vip"],
      score: 0,
      timezone: "UTC",
      objects: { order: { status: "paid" } },
      segments: [],
    });
  });

  it("a saved case's contact comes back into the form unchanged", () => {
    const contact = toMadeUpContact(DEFAULT_MADE_UP);
    expect(toMadeUpContact(toMadeUpForm(contact))).toEqual(contact);
    expect(isExisting(contact)).toBe(false);
    expect(isExisting({ type: "existing", contact_id: "c-1" })).toBe(true);
  });

  it("the schema offers the catalog's custom attributes and related objects with their fields", () => {
    const catalog: FieldCatalog = {
      contact: [
        { path: "contact.name", label: "Name", type: "text", custom: false, example: null },
        {
          path: "contact.attributes.region",
          label: "Region",
          type: "text",
          custom: true,
          example: null,
        },
        {
          path: "contact.attributes.vip_since",
          label: "VIP since",
          type: "date",
          custom: true,
          example: null,
        },
      ],
      events: {},
      objects: {
        order: [
          { path: "order.total", label: "Total", type: "number", custom: false, example: null },
        ],
      },
    };
    const schema = madeUpSchema(catalog) as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    expect(schema.properties.attributes?.properties).toEqual({
      region: { type: "string", title: "Region" },
      vip_since: { type: "string", format: "date", title: "VIP since" },
    });
    expect(schema.properties.objects?.properties).toEqual({
      order: {
        type: "object",
        title: "order",
        properties: { total: { type: "number", title: "Total" } },
      },
    });
    expect(Object.keys(schema.properties.consent?.properties ?? {})).toEqual([
      "email",
      "sms",
      "letter",
      "phone",
    ]);
  });
});

describe("what the run can do next", () => {
  it.each([
    [
      "a wait",
      { kind: "timer", node_id: "wait", until: "2026-06-02T09:00:00Z" },
      { type: "fast_forward", nodeId: "wait", until: "2026-06-02T09:00:00Z" },
      true,
    ],
    [
      "a wait for an event, with a timeout",
      { kind: "event", node_id: "await", event_name: "order.paid", until: AT },
      { type: "event", nodeId: "await", eventName: "order.paid", until: AT },
      true,
    ],
    [
      "a wait for an event without a timeout",
      { kind: "event", node_id: "await", event_name: "order.paid", until: null },
      { type: "event", nodeId: "await", eventName: "order.paid", until: null },
      false,
    ],
    [
      "a job, with its form",
      {
        kind: "job",
        node_id: "check",
        outcomes: ["valid", "cancelled"],
        form_schema: { type: "object" },
      },
      {
        type: "job",
        nodeId: "check",
        outcomes: ["valid", "cancelled"],
        formSchema: { type: "object" },
        uiSchema: {},
      },
      false,
    ],
    ["a webhook", { kind: "webhook", node_id: "hook" }, { type: "webhook", nodeId: "hook" }, false],
  ] as const)("%s", (_name, held, action, fastForward) => {
    const waiting = [
      {
        token_id: "t1",
        until: null,
        event_name: null,
        outcomes: [],
        form_schema: {},
        ui_schema: {},
        ...held,
      },
    ] as TestRun["waiting"];
    expect(nextActions(run({ waiting }))).toEqual([action]);
    expect(canFastForward(run({ waiting }))).toBe(fastForward);
  });

  it("an ended run offers nothing", () => {
    const waiting = [
      {
        token_id: "t1",
        node_id: "w",
        kind: "timer",
        until: AT,
        event_name: null,
        outcomes: [],
        form_schema: {},
        ui_schema: {},
      },
    ] as TestRun["waiting"];
    expect(nextActions(run({ status: "completed", waiting }))).toEqual([]);
    expect(nextActions(null)).toEqual([]);
  });

  it.each([
    [{ type: "fast_forward" }, "Fast-forward to the next timer"],
    [{ type: "time_out", node_id: "await" }, "“await” times out"],
    [{ type: "job", node_id: "check", outcome: "not_valid", form: {} }, "“check”: Not valid"],
    [
      { type: "event", node_id: "await", name: null, properties: {} },
      "“The event” arrives at “await”",
    ],
    [{ type: "event", node_id: null, name: "goal.met", properties: {} }, "“goal.met” arrives"],
    [{ type: "webhook", node_id: "hook", ok: false, status: 500, saved: {} }, "“hook”: fails"],
  ] as const)("describes %j", (choice, words) => {
    expect(describeChoice(choice, label)).toBe(words);
  });
});

describe("the path on the canvas", () => {
  it("numbers each step once, marks the exits taken, where it is held and its problems", () => {
    const steps = [
      step("start", "next"),
      step("check", "yes", { problems: [{ code: "missing_value", message: "x" }] }),
      step("loop", "again"),
      step("check", "no", { problems: [{ code: "missing_value", message: "y" }] }),
      step("wait", null),
    ];
    const path = highlightOf(steps, ["wait"]);
    expect([...path.order]).toEqual([
      ["start", 1],
      ["check", 2],
      ["loop", 3],
      ["wait", 4],
    ]);
    expect(path.edges).toEqual(
      new Set([
        edgeKey("start", "next"),
        edgeKey("check", "yes"),
        edgeKey("loop", "again"),
        edgeKey("check", "no"),
      ]),
    );
    expect(path.held).toEqual(new Set(["wait"]));
    expect(path.problems.get("check")).toBe(2);
    expect(path.problems.has("start")).toBe(false);
  });
});

describe("the step shown after a choice", () => {
  const mail = { kind: "recorded", key: "k", node_id: "m", reason: null, would_run: true } as const;
  it.each([
    ["the first new step that would do something", 1, 2],
    ["the last step when the new ones do nothing", 3, 3],
    ["from the start, the first that does something", 0, 2],
  ])("%s", (_name, from, shown) => {
    const steps = [
      step("a", "next"),
      step("b", "next"),
      step("m", "next", { preview: mail }),
      step("end", null),
    ];
    expect(stepToShow(steps, from)).toBe(shown);
  });
  it("nothing for no steps", () => expect(stepToShow([], 0)).toBeNull());
});

describe("saved cases", () => {
  const email = {
    kind: "email",
    key: "k",
    node_id: "mail",
    html: "",
    text: "",
    subject: "Hi",
    to: "a@b",
    template: "t",
    reason: null,
    would_run: true,
  } as const;

  it("a run's result is what the API would keep as expected", () => {
    const done = run({
      status: "completed",
      ended_reason: "end",
      path: ["start", "mail", "end"],
      steps: [step("start", "next"), step("mail", "next", { preview: email }), step("end", null)],
    });
    const result = resultOf(done);
    expect(result).toEqual({
      status: "completed",
      ended_reason: "end",
      path: ["start", "mail", "end"],
      messages: ["mail:email"],
      waiting_at: [],
    });
    expect(describeResult(result, label)).toBe("ends at “end”; sends email (“mail”)");
    expect(
      describeResult({ ...result, status: "active", waiting_at: ["wait"], messages: [] }, label),
    ).toBe("waits at “wait”; sends nothing");
  });

  it("marks the cases that end differently or fail, and says how", () => {
    const expected = {
      status: "completed",
      ended_reason: "end",
      path: ["a", "b"],
      messages: [],
      waiting_at: [],
    };
    const checks: CaseCheck[] = [
      { case_id: "1", name: "same", verdict: "same", expected, actual: null, problem: null },
      {
        case_id: "2",
        name: "changed",
        verdict: "changed",
        expected,
        actual: { ...expected, path: ["a", "c"] },
        problem: null,
      },
      {
        case_id: "3",
        name: "fails",
        verdict: "fails",
        expected,
        actual: null,
        problem: "choices[1]: the run has already ended (end).",
      },
    ];
    expect(changedCases(checks).map((c) => c.name)).toEqual(["changed", "fails"]);
    expect(describeDifference(checks[1] as CaseCheck, label)).toBe(
      "Expected: ends at “b”; sends nothing. Now: ends at “c”; sends nothing.",
    );
    expect(describeDifference(checks[2] as CaseCheck, label)).toBe(
      "choices[1]: the run has already ended (end).",
    );
  });

  it("the request carries the setup, the choices and the canvas's definition", () => {
    const contact = toMadeUpContact(DEFAULT_MADE_UP);
    const start = { trigger_node_id: null, event_name: "x", properties: {}, at: null };
    expect(
      testRequest({ contact, start, forced: { ab: "b" } }, [{ type: "fast_forward" }], {
        nodes: [],
      }),
    ).toEqual({
      contact,
      start,
      choices: [{ type: "fast_forward" }],
      forced_branches: { ab: "b" },
      definition: { nodes: [] },
      version: null,
    });
  });
});
