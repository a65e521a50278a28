/**
 * The canvas's test run, as pure functions (docs/test-runs.md). A run is stateless: the
 * panel keeps the setup (contact, starting event, forced branches) and the choices made so
 * far; each change sends the whole request again and the answer replays it. Everything
 * here is free of React so it is tested table-driven.
 */
import type { FieldCatalog, FieldInfo } from "@/types/generated/journeys-api";
import type {
  CaseCheck,
  CaseResult,
  ExistingContact,
  MadeUpContact,
  StartEvent,
  TestRun,
  TestRunRequest,
  TestStep,
  Waiting,
} from "@/types/generated/test-runs-api";
import { humanize } from "./exits";

export type Choice = TestRunRequest["choices"][number];
export type TestContact = TestRunRequest["contact"];
type Json = Record<string, unknown>;

/** What a run starts from; the choices come on top. */
export interface TestSetup {
  contact: TestContact;
  start: StartEvent;
  /** Random split node id → the branch it takes. */
  forced: Record<string, string>;
}

export function testRequest(
  setup: TestSetup,
  choices: readonly Choice[],
  definition: Json | null,
): TestRunRequest {
  return {
    contact: setup.contact,
    start: setup.start,
    choices: [...choices],
    forced_branches: { ...setup.forced },
    definition,
    version: null,
  };
}

export function isExisting(contact: TestContact): contact is ExistingContact {
  return contact.type === "existing" || typeof contact.contact_id === "string";
}

// ---- the made-up contact, as a JSON-Schema form ---------------------------------------

/** The form data of the made-up contact's form (`madeUpSchema`). */
export interface MadeUpForm {
  name?: string;
  email?: string;
  phone?: string;
  locale?: string;
  timezone?: string;
  score?: number;
  tags?: string[];
  consent?: Record<string, boolean>;
  attributes?: Json;
  objects?: Record<string, Json>;
}

export const CONSENT_CHANNELS = ["email", "sms", "letter", "phone"] as const;

export const DEFAULT_MADE_UP: MadeUpForm = {
  name: "Alex Example",
  email: "alex@example.com",
  phone: "+441632960123",
  timezone: "Europe/London",
  score: 0,
  tags: [],
  consent: { email: true, sms: true, letter: true, phone: true },
  attributes: {},
  objects: {},
};

const FIELD_SCHEMA: Record<FieldInfo["type"], Json> = {
  text: { type: "string" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  date: { type: "string", format: "date" },
  list: { type: "array", items: { type: "string" } },
};

function fieldProperty(info: FieldInfo, prefix: string): [string, Json] {
  const name = info.path.slice(prefix.length);
  return [name, { ...FIELD_SCHEMA[info.type], title: info.label }];
}

/**
 * The made-up contact's form: the standard fields, consent per channel, the custom
 * attributes and related objects the catalog knows (each with its fields), and room for
 * attributes it does not know yet.
 */
export function madeUpSchema(catalog: FieldCatalog | null | undefined): Json {
  const attributes = (catalog?.contact ?? []).filter(
    (f) => f.custom && f.path.startsWith("contact.attributes."),
  );
  const objects = Object.entries(catalog?.objects ?? {});
  return {
    type: "object",
    properties: {
      name: { type: "string", title: "Name" },
      email: { type: "string", title: "Email" },
      phone: { type: "string", title: "Phone" },
      locale: { type: "string", title: "Language (locale)" },
      timezone: { type: "string", title: "Time zone" },
      score: { type: "integer", title: "Score" },
      tags: { type: "array", title: "Tags", items: { type: "string" } },
      consent: {
        type: "object",
        title: "Consent",
        properties: Object.fromEntries(
          CONSENT_CHANNELS.map((channel) => [
            channel,
            { type: "boolean", title: `Agreed to ${channel === "sms" ? "SMS" : channel}` },
          ]),
        ),
      },
      attributes: {
        type: "object",
        title: "Custom attributes",
        properties: Object.fromEntries(
          attributes.map((f) => fieldProperty(f, "contact.attributes.")),
        ),
        additionalProperties: { type: "string" },
      },
      objects: {
        type: "object",
        title: "Related objects",
        properties: Object.fromEntries(
          objects.map(([kind, fields]) => [
            kind,
            {
              type: "object",
              title: kind.replace(/_/g, " "),
              properties: Object.fromEntries(
                (fields ?? []).map((f) => fieldProperty(f, `${kind}.`)),
              ),
            },
          ]),
        ),
      },
    },
  };
}

const filled = (value: unknown) =>
  value !== undefined &&
  value !== null &&
  value !== "" &&
  !(Array.isArray(value) && value.length === 0);

function compact(data: Json | undefined): Json {
  return Object.fromEntries(Object.entries(data ?? {}).filter(([, v]) => filled(v)));
}

/** The form's data as the API's made-up contact: empty values left out. */
export function toMadeUpContact(form: MadeUpForm): MadeUpContact {
  const fields = compact({
    name: form.name?.trim(),
    email: form.email?.trim(),
    phone: form.phone?.trim(),
    locale: form.locale?.trim(),
  });
  const objects = Object.fromEntries(
    Object.entries(form.objects ?? {})
      .map(([kind, data]) => [kind, compact(data)] as const)
      .filter(([, data]) => Object.keys(data).length > 0),
  );
  return {
    type: "made_up",
    fields,
    attributes: compact(form.attributes),
    consent: Object.fromEntries(
      Object.entries(form.consent ?? {}).filter(([, v]) => typeof v === "boolean"),
    ) as Record<string, boolean>,
    tags: (form.tags ?? []).filter(filled),
    score: form.score ?? 0,
    timezone: form.timezone?.trim() || "UTC",
    objects,
    segments: [],
  };
}

/** A saved case's made-up contact back in the form (to try it again, changed). */
export function toMadeUpForm(contact: MadeUpContact): MadeUpForm {
  const fields = contact.fields as Record<string, string | undefined>;
  return {
    name: fields.name,
    email: fields.email,
    phone: fields.phone,
    locale: fields.locale,
    timezone: contact.timezone,
    score: contact.score,
    tags: contact.tags,
    consent: contact.consent as Record<string, boolean>,
    attributes: contact.attributes,
    objects: contact.objects as Record<string, Json>,
  };
}

// ---- what the run can do next ----------------------------------------------------------

/** One way to move the run on, from where it is held. */
export type NextAction =
  | { type: "fast_forward"; nodeId: string; until: string | null }
  | { type: "event"; nodeId: string; eventName: string | null; until: string | null }
  | {
      type: "job";
      nodeId: string;
      outcomes: string[];
      formSchema: Json;
      uiSchema: Json;
    }
  | { type: "webhook"; nodeId: string }
  | { type: "join"; nodeId: string };

/** The choices each held path offers, earliest timer first (the one fast-forward takes). */
export function nextActions(run: TestRun | null): NextAction[] {
  if (!run || run.status === "completed" || run.status === "exited") return [];
  return run.waiting.map((held: Waiting): NextAction => {
    switch (held.kind) {
      case "timer":
        return { type: "fast_forward", nodeId: held.node_id, until: held.until };
      case "event":
        return {
          type: "event",
          nodeId: held.node_id,
          eventName: held.event_name,
          until: held.until,
        };
      case "job":
        return {
          type: "job",
          nodeId: held.node_id,
          outcomes: held.outcomes,
          formSchema: (held.form_schema as Json | undefined) ?? {},
          uiSchema: (held.ui_schema as Json | undefined) ?? {},
        };
      case "webhook":
        return { type: "webhook", nodeId: held.node_id };
      case "join":
        return { type: "join", nodeId: held.node_id };
      default: {
        const never: never = held.kind;
        throw new Error(`unknown wait ${String(never)}`);
      }
    }
  });
}

/** Whether a fast-forward has something to fire (a wait, or an event's timeout). */
export function canFastForward(run: TestRun | null): boolean {
  return nextActions(run).some(
    (a) => a.type === "fast_forward" || (a.type === "event" && a.until !== null),
  );
}

/** A choice in words, for the list of choices made. */
export function describeChoice(choice: Choice, label: (nodeId: string) => string): string {
  switch (choice.type) {
    case "fast_forward":
    case undefined:
      return "Fast-forward to the next timer";
    case "event":
      return choice.node_id
        ? `“${choice.name ?? "The event"}” arrives at ${label(choice.node_id)}`
        : `“${choice.name}” arrives`;
    case "time_out":
      return `${label(choice.node_id)} times out`;
    case "job":
      return `${label(choice.node_id)}: ${humanize(choice.outcome)}`;
    case "webhook":
      return `${label(choice.node_id)}: ${choice.ok ? "answers" : "fails"}`;
    default: {
      const never: never = choice;
      return String(never);
    }
  }
}

export { humanize };

// ---- the path on the canvas -------------------------------------------------------------

/** A step of a path as the canvas and the trace inspector need it (a test run's step fits). */
export type TraceStep = Pick<
  TestStep,
  "node_id" | "label" | "kind" | "exit_taken" | "at" | "detail" | "round"
> &
  Partial<Pick<TestStep, "event" | "variables" | "checks" | "preview" | "change" | "problems">>;

export interface PathHighlight {
  /** Node id → its first place on the path (1-based). */
  order: ReadonlyMap<string, number>;
  /** Steps a path is held at now. */
  held: ReadonlySet<string>;
  /** Node id → how many problems the run found there. */
  problems: ReadonlyMap<string, number>;
  /** `edgeKey(source, handle)` of every exit taken. */
  edges: ReadonlySet<string>;
}

export const edgeKey = (source: string, handle: string) => `${source}\u0000${handle}`;

export function highlightOf(
  steps: readonly TraceStep[],
  heldAt: readonly string[] = [],
): PathHighlight {
  const order = new Map<string, number>();
  const problems = new Map<string, number>();
  const edges = new Set<string>();
  for (const step of steps) {
    if (!order.has(step.node_id)) order.set(step.node_id, order.size + 1);
    const found = step.problems?.length ?? 0;
    if (found) problems.set(step.node_id, (problems.get(step.node_id) ?? 0) + found);
    if (step.exit_taken) edges.add(edgeKey(step.node_id, step.exit_taken));
  }
  return { order, held: new Set(heldAt), problems, edges };
}

/**
 * The step to show after a run moves on: the first of the new ones (from `from`) that
 * would do something or found a problem, else the last one.
 */
export function stepToShow(steps: readonly TraceStep[], from: number): number | null {
  if (steps.length === 0) return null;
  const start = Math.min(Math.max(from, 0), steps.length - 1);
  for (let index = start; index < steps.length; index++) {
    const step = steps[index];
    if (step && (step.preview || step.change || (step.problems?.length ?? 0) > 0)) return index;
  }
  return steps.length - 1;
}

/** Every visit of a step, in order (a loop visits one step more than once). */
export function visitsOf<S extends TraceStep>(steps: readonly S[], nodeId: string): S[] {
  return steps.filter((step) => step.node_id === nodeId);
}

// ---- saved cases ------------------------------------------------------------------------

/** How a run ends, as a saved case would record it (the API computes the same). */
export function resultOf(run: TestRun): CaseResult {
  const messages = run.steps.flatMap((step) => {
    const kind = step.preview?.kind;
    return kind === "email" || kind === "sms" || kind === "letter"
      ? [`${step.node_id}:${kind}`]
      : [];
  });
  return {
    status: run.status,
    ended_reason: run.ended_reason,
    path: run.path,
    messages,
    waiting_at: run.waiting.map((w) => w.node_id),
  };
}

/** "Ends at Replaced, sends email-tracking (email)" — the expectation in words. */
export function describeResult(result: CaseResult, label: (nodeId: string) => string): string {
  const last = result.path.at(-1);
  const where =
    result.status === "completed" || result.status === "exited"
      ? `ends at ${last ? label(last) : "the start"}`
      : `waits at ${result.waiting_at.map(label).join(", ") || "nothing"}`;
  const sends = result.messages.length
    ? `sends ${result.messages
        .map((m) => {
          const [node = m, kind = ""] = m.split(":");
          return `${kind === "sms" ? "SMS" : kind} (${label(node)})`;
        })
        .join(", ")}`
    : "sends nothing";
  return `${where}; ${sends}`;
}

/** The cases that end differently now, or cannot run any more. */
export function changedCases(checks: readonly CaseCheck[] | undefined): CaseCheck[] {
  return (checks ?? []).filter((check) => check.verdict !== "same");
}

/** What differs between a case's expected and actual end, in words. */
export function describeDifference(check: CaseCheck, label: (nodeId: string) => string): string {
  if (check.verdict === "fails") return check.problem ?? "It cannot run any more.";
  if (check.verdict === "same" || !check.actual) return "Ends as saved.";
  return `Expected: ${describeResult(check.expected, label)}. Now: ${describeResult(check.actual, label)}.`;
}
