import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { problem, signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";

describe("job types management", () => {
  it("checks the form schema as it is typed and shows the server's field problems", async () => {
    const sent: unknown[] = [];
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/job-types": () => jsonResponse([]),
      "GET /api/v1/jobs/queues": () => jsonResponse([]),
      "POST /api/v1/job-types": async (request) => {
        sent.push(await request.json());
        return problem(422, "The job type has problems", {
          errors: [{ field: "queue", message: "No role works the queue 'nowhere'" }],
        });
      },
    });
    renderApp("/job-types");
    fireEvent.click(await screen.findByRole("button", { name: "New job type" }));
    const dialog = await screen.findByRole("dialog", { name: "New job type" });
    fireEvent.change(within(dialog).getByRole("textbox", { name: /^Name/ }), {
      target: { value: "check_stock" },
    });
    fireEvent.change(within(dialog).getByRole("textbox", { name: /^Label/ }), {
      target: { value: "Check stock" },
    });
    fireEvent.change(within(dialog).getByRole("textbox", { name: /^Queue/ }), {
      target: { value: "nowhere" },
    });
    const schema = within(dialog).getByRole("textbox", { name: /^Form schema/ });
    fireEvent.change(schema, {
      target: { value: '{"type": "object", "properties": {"qty": {"type": "integr"}}}' },
    });
    expect(
      await within(dialog).findByText(/not a valid JSON Schema at \/properties\/qty\/type/),
    ).toBeVisible();
    const create = within(dialog).getByRole("button", { name: "Create job type" });
    expect(create).toBeDisabled();

    fireEvent.change(schema, {
      target: {
        value:
          '{"type": "object", "properties": {"qty": {"type": "integer", "title": "Quantity"}}}',
      },
    });
    // The preview renders the form the staff will see.
    await findVisible(() => within(dialog).getByRole("textbox", { name: /^Quantity/ }));
    await waitFor(() => expect(create).toBeEnabled());
    fireEvent.click(create);

    await findVisible(() => within(dialog).getByText("No role works the queue 'nowhere'"));
    expect(sent[0]).toMatchObject({
      name: "check_stock",
      label: "Check stock",
      queue: "nowhere",
      outcomes: ["done"],
      form_schema: { type: "object", properties: { qty: { type: "integer" } } },
    });
  });
});
