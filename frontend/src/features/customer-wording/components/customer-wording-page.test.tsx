import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, signedInApi, warehouseWorker } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import type { JobTypeWords, StageWords } from "../types";
import { stageName } from "./customer-wording-page";

const BASE = "/api/v1/portal-wording";

function stage(name: string, defaultWords: string, words: string | null = null): StageWords {
  return { stage: name, default_words: defaultWords, words, updated_at: null };
}

const measure: JobTypeWords = {
  job_type: "measure_site",
  label: "Measure the site",
  stages: [
    stage("created", "We have started on it", "We will come and measure"),
    stage("claimed", "Someone is working on it"),
    stage("completed:no_access", "This step is done"),
  ],
};
const refund: JobTypeWords = {
  job_type: "refund",
  label: "Refund",
  stages: [stage("created", "We are looking at your refund")],
};

describe("customer wording", () => {
  it("names stages in words", () => {
    expect(stageName("claimed")).toBe("Picked up");
    expect(stageName("completed:no_access")).toBe("Completed: no access");
  });

  it("shows each stage's default and staff's words, saves new words and resets", async () => {
    const calls: string[] = [];
    mockFetch({
      ...signedInApi(marketer),
      [`GET ${BASE}`]: () => jsonResponse([measure, refund]),
      [`PUT ${BASE}/measure_site/completed%3Ano_access`]: async (request) => {
        const body = (await request.json()) as { words: string };
        calls.push(`PUT completed:no_access ${body.words}`);
        return jsonResponse(stage("completed:no_access", "This step is done", body.words));
      },
      [`DELETE ${BASE}/measure_site/created`]: () => {
        calls.push("DELETE created");
        return jsonResponse(stage("created", "We have started on it"));
      },
    });
    renderApp("/customer-wording");

    const table = await screen.findByRole("table", { name: "Stages of Measure the site" });
    const created = within(table).getByText("Job created").closest("tr") as HTMLElement;
    expect(within(created).getByText("We have started on it")).toBeVisible();
    expect(within(created).getByText("Changed")).toBeVisible();
    expect(within(created).getByRole("textbox")).toHaveValue("We will come and measure");

    const input = screen.getByRole("textbox", {
      name: "Customers read at “Completed: no access”",
    });
    expect(input).toHaveAttribute("placeholder", "This step is done");
    const save = screen.getByRole("button", { name: "Save the words for Completed: no access" });
    expect(save).toBeDisabled();
    fireEvent.change(input, { target: { value: "We could not get in: we will call you" } });
    fireEvent.click(save);
    await waitFor(() =>
      expect(calls).toContain("PUT completed:no_access We could not get in: we will call you"),
    );

    fireEvent.click(screen.getByRole("button", { name: "Use the default words for Job created" }));
    await waitFor(() => expect(calls).toContain("DELETE created"));
  });

  it("shows the server's field error on the stage's input", async () => {
    mockFetch({
      ...signedInApi(marketer),
      [`GET ${BASE}`]: () => jsonResponse([measure]),
      [`PUT ${BASE}/measure_site/claimed`]: () =>
        jsonResponse(
          {
            title: "Bad Request",
            status: 400,
            detail: "The request is not valid. words: write the words the customer should read",
            errors: [{ field: "words", message: "write the words the customer should read" }],
          },
          { status: 400, contentType: "application/problem+json" },
        ),
    });
    renderApp("/customer-wording");

    const input = await screen.findByRole("textbox", { name: "Customers read at “Picked up”" });
    fireEvent.change(input, { target: { value: "On it" } });
    fireEvent.click(screen.getByRole("button", { name: "Save the words for Picked up" }));
    expect(await screen.findByText("write the words the customer should read")).toBeVisible();
  });

  it("switches job type with the picker", async () => {
    mockFetch({
      ...signedInApi(marketer),
      [`GET ${BASE}`]: () => jsonResponse([measure, refund]),
    });
    renderApp("/customer-wording");
    const picker = await screen.findByRole("textbox", { name: "Job type" });
    fireEvent.click(picker);
    fireEvent.click(await screen.findByRole("option", { name: "Refund" }));
    expect(await screen.findByRole("table", { name: "Stages of Refund" })).toBeVisible();
    expect(screen.getByText("We are looking at your refund")).toBeVisible();
  });

  it("is not open to a role without portal:wording", async () => {
    mockFetch(signedInApi(warehouseWorker));
    renderApp("/customer-wording");
    expect(
      await screen.findByRole("heading", { name: "You don't have access to this page" }),
    ).toBeVisible();
  });
});
