import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { beforeEach, describe, expect, it } from "vitest";
import { CurrentUserProvider } from "@/lib/auth";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, problem, signedInApi } from "@/testing/fixtures";
import { renderWithProviders } from "@/testing/render";
import type { TestRun, TestStep } from "@/types/generated/test-runs-api";
import { useEditorStore } from "../../../store/editor-store";
import { TestPanel } from "./test-panel";
import { useTestStore } from "./test-store";

const RUNS = "POST /api/v1/journeys/j1/test-runs";
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

const base = {
  journey_id: "j1",
  version: null,
  ended_reason: null,
  started_at: AT,
  clock: AT,
  contact: {},
};

const heldAtJob: TestRun = {
  ...base,
  status: "active",
  steps: [step("start", "next"), step("check", null)],
  path: ["start", "check"],
  waiting: [
    {
      token_id: "t1",
      node_id: "check",
      kind: "job",
      until: null,
      event_name: null,
      outcomes: ["valid", "invalid", "cancelled"],
      form_schema: {
        type: "object",
        properties: { finding: { type: "string", title: "What you found" } },
      },
      ui_schema: {},
    },
  ],
};

const mailed: TestRun = {
  ...base,
  status: "completed",
  ended_reason: "end",
  steps: [
    ...heldAtJob.steps,
    step("mail", "next", {
      round: 1,
      label: "Tell them",
      preview: {
        kind: "email",
        key: "k",
        node_id: "mail",
        to: "alex@example.com",
        subject: "Your return",
        html: "<p>Hello Alex</p>",
        text: "Hello Alex",
        template: "t",
        reason: null,
        would_run: true,
      },
    }),
    step("end", null, { round: 1 }),
  ],
  path: ["start", "check", "mail", "end"],
  waiting: [],
};

function renderPanel() {
  return renderWithProviders(
    <CurrentUserProvider me={marketer}>
      <ReactFlowProvider>
        <TestPanel journeyId="j1" />
      </ReactFlowProvider>
    </CurrentUserProvider>,
  );
}

const api = (runs: (body: { choices: unknown[] }) => Response) => ({
  ...signedInApi(marketer),
  "GET /api/v1/journeys/j1/test-cases": () => jsonResponse([]),
  "GET /api/v1/journeys/catalog/fields": () =>
    jsonResponse({ contact: [], events: {}, objects: {} }),
  [RUNS]: async (request: Request) => {
    const body = (await request.json()) as { choices: unknown[] };
    sent.push(body);
    return runs(body);
  },
});

let sent: { choices: unknown[]; contact?: unknown; definition?: unknown }[] = [];

beforeEach(() => {
  sent = [];
  useTestStore.setState({ journeyId: null });
  useEditorStore.getState().load({ nodes: [], edges: [] } as never);
});

describe("the Test panel", () => {
  it("runs for a made-up contact, completes the job with its form, and shows the email", async () => {
    mockFetch(api((body) => jsonResponse(body.choices.length ? mailed : heldAtJob)));
    renderPanel();

    fireEvent.click(await screen.findByRole("button", { name: "Run test" }));
    const job = await screen.findByTestId("job-choice-check");
    expect(sent[0]?.contact).toMatchObject({ type: "made_up", fields: { name: "Alex Example" } });
    expect(sent[0]?.definition).toBeTruthy();

    fireEvent.change(within(job).getByLabelText("What you found"), {
      target: { value: "Scratched" },
    });
    fireEvent.click(within(job).getByRole("button", { name: "Invalid" }));

    expect(await screen.findByText("Your return")).toBeVisible();
    expect(sent[1]?.choices).toEqual([
      { type: "job", node_id: "check", outcome: "invalid", form: { finding: "Scratched" } },
    ]);
    expect(screen.getByTitle("The email as it would be sent (HTML)")).toHaveAttribute(
      "sandbox",
      "",
    );
    expect(screen.getByText(/Ended/)).toBeVisible();
    // Each step taken is listed; picking one shows its trace.
    const steps = screen.getByRole("list", { name: "Steps taken" });
    expect(within(steps).getAllByRole("button")).toHaveLength(4);
    fireEvent.click(within(steps).getByRole("button", { name: /start/ }));
    expect(within(steps).getByRole("button", { name: /start/ })).toHaveAttribute(
      "aria-current",
      "step",
    );
  });

  it("a choice the run refuses is explained, and can be dropped", async () => {
    mockFetch(
      api((body) =>
        body.choices.length
          ? problem(422, "choices[0]: the run has already ended (end).", {
              errors: [{ field: "choices[0]", message: "the run has already ended (end)." }],
            })
          : jsonResponse(heldAtJob),
      ),
    );
    renderPanel();
    fireEvent.click(await screen.findByRole("button", { name: "Run test" }));
    const job = await screen.findByTestId("job-choice-check");
    fireEvent.click(within(job).getByRole("button", { name: "Valid" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("the run has already ended");
    fireEvent.click(within(alert).getByRole("button", { name: /Run without that choice/ }));
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    expect(sent.at(-1)?.choices).toEqual([]);
  });

  it("runs for a real contact found by search", async () => {
    mockFetch({
      ...api(() => jsonResponse(heldAtJob)),
      "GET /api/v1/contacts": () =>
        jsonResponse({
          items: [{ id: "c-ada", name: "Ada Lovelace", email: "ada@example.com" }],
          page: 1,
          page_size: 20,
          total: 1,
        }),
    });
    renderPanel();
    fireEvent.click(await screen.findByText("A real contact"));
    fireEvent.click(await screen.findByRole("textbox", { name: "Contact" }));
    fireEvent.click(await screen.findByRole("option", { name: /Ada Lovelace/ }));
    fireEvent.click(screen.getByRole("button", { name: "Run test" }));
    await screen.findByTestId("job-choice-check");
    expect(sent[0]?.contact).toEqual({ type: "existing", contact_id: "c-ada" });
  });

  it("a random split can be forced to a branch", async () => {
    useEditorStore.getState().load({
      nodes: [
        {
          id: "ab",
          kind: "flow.random_split",
          label: "A/B",
          position: { x: 0, y: 0 },
          config: {
            branches: [
              { id: "a", label: "Variant A", weight: 50 },
              { id: "b", label: "Variant B", weight: 50 },
            ],
          },
        },
      ],
      edges: [],
    } as never);
    mockFetch(api(() => jsonResponse(heldAtJob)));
    renderPanel();
    fireEvent.click(await screen.findByRole("textbox", { name: "A/B: branch" }));
    fireEvent.click(await screen.findByRole("option", { name: "Variant B" }));
    fireEvent.click(screen.getByRole("button", { name: "Run test" }));
    await screen.findByTestId("job-choice-check");
    expect(sent[0]).toMatchObject({ forced_branches: { ab: "b" } });
  });
});
