import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { Me } from "@/lib/auth";
import { mockEventSource } from "@/testing/event-source-mock";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { problem, signedInApi, warehouseWorker } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";
import type { Job } from "../types";

const me = { id: warehouseWorker.id, name: warehouseWorker.name, email: warehouseWorker.email };

function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: "j-1",
    type: { name: "despatch", label: "Despatch the order" },
    title: "Despatch E2E-1",
    queue: "warehouse",
    status: "in_progress",
    priority: "normal",
    assignee: me,
    contact: { id: "c-1", name: "Ada Lovelace" },
    created_at: "2026-11-23T02:00:00Z",
    due_at: "2026-11-24T02:00:00Z",
    claimed_at: "2026-11-23T02:05:00Z",
    completed_at: null,
    overrunning: false,
    version: 3,
    guidance: "Pack and ship order E2E-1.",
    form_schema: {
      type: "object",
      required: ["tracking_number"],
      properties: {
        tracking_number: { type: "string", title: "Tracking number" },
        parcels: { type: "integer", title: "Parcels" },
      },
    },
    ui_schema: {},
    outcomes: ["despatched", "cannot_ship"],
    form_data: {},
    outcome: null,
    related: [
      {
        type: "order",
        id: "E2E-1",
        object: {
          id: "o-1",
          kind: "order",
          status: "confirmed",
          reference: "E2E-1",
          amount: 1250.5,
          currency: "GBP",
          due_at: null,
          starts_at: null,
          created_at: "2026-11-22T09:00:00Z",
          fields: { items: 3, gift_wrap: true },
        },
      },
      { type: "return", id: "R-9", object: null },
    ],
    contact_facts: {
      id: "c-1",
      name: "Ada Lovelace",
      email: "ada@example.com",
      phone: "+441632960001",
      tags: ["vip", "newsletter"],
      score: 70,
    },
    journey: {
      journey_id: "jr-1",
      journey_name: "Order to delivery",
      enrollment_id: "en-1",
      node_id: "n-1",
    },
    cancel_reason: null,
    notes_count: 0,
    files_count: 0,
    ...overrides,
  };
}

describe("the job page", () => {
  let completions: unknown[];
  let completeAnswer: () => Response;

  beforeEach(() => {
    mockEventSource();
    completions = [];
    completeAnswer = () => jsonResponse({});
    mockFetch({
      ...signedInApi(warehouseWorker),
      "GET /api/v1/jobs/j-1": () => jsonResponse(makeJob()),
      "GET /api/v1/jobs/j-1/notes": () => jsonResponse([]),
      "GET /api/v1/jobs/j-1/files": () => jsonResponse([]),
      "GET /api/v1/jobs/j-1/history": () =>
        jsonResponse([
          {
            id: 1,
            at: "2026-11-23T02:05:00Z",
            actor: me,
            action: "job.claimed",
            job_id: "j-1",
            changes: {
              status: { from: "new", to: "in_progress" },
              assignee_id: { from: null, to: me },
            },
          },
        ]),
      "POST /api/v1/jobs/j-1/complete": async (request) => {
        completions.push(await request.json());
        return completeAnswer();
      },
      "POST /api/v1/jobs/j-1/files": () =>
        problem(413, "The file is larger than the 10 MiB limit."),
    });
  });

  it("shows guidance, related objects, history, and the form from the type's schema", async () => {
    renderApp("/jobs/j-1");
    expect(await screen.findByRole("heading", { level: 1, name: "Despatch E2E-1" })).toBeVisible();
    expect(screen.getByText("Pack and ship order E2E-1.")).toBeVisible();
    // The contact and each related object with their key facts, linked to the contact page.
    const contact = screen.getByRole("group", { name: "Contact Ada Lovelace" });
    expect(within(contact).getByRole("link", { name: "Ada Lovelace" })).toHaveAttribute(
      "href",
      "/contacts/c-1",
    );
    expect(within(contact).getByRole("link", { name: "ada@example.com" })).toHaveAttribute(
      "href",
      "mailto:ada@example.com",
    );
    expect(within(contact).getByRole("link", { name: "+441632960001" })).toBeVisible();
    expect(within(contact).getByText("70")).toBeVisible();
    expect(within(contact).getByText("vip")).toBeVisible();
    const order = screen.getByRole("group", { name: "Order E2E-1" });
    expect(within(order).getByRole("link", { name: "E2E-1" })).toHaveAttribute(
      "href",
      "/contacts/c-1",
    );
    expect(within(order).getByText("Confirmed")).toBeVisible();
    expect(within(order).getByText(/1,250\.50/)).toBeVisible();
    expect(within(order).getByText("3")).toBeVisible();
    expect(within(order).getByText("Gift wrap")).toBeVisible();
    const missing = screen.getByRole("group", { name: "Return R-9" });
    expect(within(missing).getByText("Not found among the contact's records.")).toBeVisible();
    expect(within(missing).queryByRole("link")).toBeNull();
    expect(screen.getByRole("link", { name: "Order to delivery" })).toHaveAttribute(
      "href",
      "/journeys/jr-1",
    );
    expect(screen.getByRole("textbox", { name: /^Tracking number/ })).toBeEnabled();
    expect(await screen.findByText("status: new → in_progress")).toBeVisible();
    expect(screen.getByText(`assignee: — → ${me.name}`)).toBeVisible();
  });

  it("puts the server's per-field problems on the fields, then completes on a retry", async () => {
    completeAnswer = () =>
      problem(422, "The form has problems", {
        errors: [
          { field: "data.tracking_number", message: "Must be at least 8 characters" },
          { field: "data.parcels", message: "Must be 1 or more" },
        ],
      });
    renderApp("/jobs/j-1");
    const tracking = await screen.findByRole("textbox", { name: /^Tracking number/ });
    fireEvent.change(tracking, { target: { value: "TRK1" } });
    fireEvent.click(screen.getByRole("button", { name: "Despatched" }));

    expect((await screen.findAllByText("Must be at least 8 characters"))[0]).toBeVisible();
    expect(screen.getAllByText("Must be 1 or more")[0]).toBeVisible();
    // On the fields themselves, not only in a list.
    expect(tracking).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("textbox", { name: /^Parcels/ })).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Fix the 2 problems marked on the form, then choose the outcome again.",
    );
    expect(completions[0]).toEqual({
      version: 3,
      outcome: "despatched",
      data: { tracking_number: "TRK1" },
    });

    completeAnswer = () =>
      jsonResponse(
        makeJob({
          status: "completed",
          outcome: "despatched",
          completed_at: "2026-11-23T03:00:00Z",
          form_data: { tracking_number: "TRK12345" },
          version: 4,
        }),
      );
    fireEvent.change(tracking, { target: { value: "TRK12345" } });
    fireEvent.click(screen.getByRole("button", { name: "Despatched" }));
    await findVisible(() => screen.getByText("Completed as “Despatched”."));
    await waitFor(() =>
      expect(screen.queryByRole("button", { name: "Despatched" })).not.toBeInTheDocument(),
    );
    expect(screen.getByText("Completed", { selector: ".mantine-Badge-label" })).toBeVisible();
    expect(completions[1]).toEqual({
      version: 3,
      outcome: "despatched",
      data: { tracking_number: "TRK12345" },
    });
  });

  it("says why an upload was refused", async () => {
    renderApp("/jobs/j-1");
    await screen.findByRole("heading", { level: 1, name: "Despatch E2E-1" });
    const files = screen.getByRole("region", { name: "Files" });
    const input = files.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, {
      target: { files: [new File(["x".repeat(10)], "big.pdf", { type: "application/pdf" })] },
    });
    const alert = await within(files).findByRole("alert");
    expect(alert).toHaveTextContent("The file was not attached");
    expect(alert).toHaveTextContent("The file is larger than the 10 MiB limit.");
  });

  it("shows the facts without links to contact pages to someone without contacts:read", async () => {
    const worker: Me = { ...warehouseWorker, permissions: ["jobs:work"] };
    mockFetch({
      ...signedInApi(worker),
      "GET /api/v1/jobs/j-1": () => jsonResponse(makeJob()),
      "GET /api/v1/jobs/j-1/notes": () => jsonResponse([]),
      "GET /api/v1/jobs/j-1/files": () => jsonResponse([]),
      "GET /api/v1/jobs/j-1/history": () => jsonResponse([]),
    });
    renderApp("/jobs/j-1");
    const contact = await screen.findByRole("group", { name: "Contact Ada Lovelace" });
    expect(within(contact).getByText("Ada Lovelace")).toBeVisible();
    expect(within(contact).queryByRole("link", { name: "Ada Lovelace" })).toBeNull();
    const order = screen.getByRole("group", { name: "Order E2E-1" });
    expect(within(order).queryByRole("link")).toBeNull();
    expect(within(order).getByText("Confirmed")).toBeVisible();
  });
});
