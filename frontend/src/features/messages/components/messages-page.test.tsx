import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";

const base = {
  key: "e:mail:1",
  outbox_id: 3,
  channel: "email",
  status: "failed",
  attempts: 1,
  error: "the template did not render: subject, line 1: missing variable “nickname”",
  next_attempt_at: null,
  contact_id: "c-1",
  contact_name: "Ada Lovelace",
  journey_id: "j-1",
  node_id: "mail",
  template: "welcome",
  recipient: "ada@example.com",
  subject: null,
  provider: null,
  opens: 0,
  clicks: 0,
  created_at: "2026-03-01T10:00:00Z",
  sent_at: null,
  opened_at: null,
  clicked_at: null,
};

describe("messages", () => {
  it("lists messages with status and reason, filters by status, opens one", async () => {
    const asked: URLSearchParams[] = [];
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/messages": (request) => {
        asked.push(new URL(request.url).searchParams);
        return jsonResponse({ items: [base], total: 1, page: 1, page_size: 50 });
      },
      "GET /api/v1/messages/3": () =>
        jsonResponse({
          ...base,
          body_html: "<p>Hello</p>",
          body_text: "Hello",
          raw: "Subject: Hi",
          message_id: "<x@y>",
          response: null,
          letter_id: null,
        }),
    });
    renderApp("/messages");
    const row = (await screen.findByText("Ada Lovelace")).closest("tr") as HTMLElement;
    expect(within(row).getByText("failed")).toBeVisible();
    expect(within(row).getByText(/missing variable “nickname”/)).toBeVisible();

    fireEvent.click(screen.getByRole("textbox", { name: "Status" }));
    fireEvent.click(await screen.findByRole("option", { name: "opened" }));
    await waitFor(() => expect(asked.at(-1)?.get("status")).toBe("opened"));

    fireEvent.click(within(row).getByRole("button", { name: /Open message to Ada Lovelace/ }));
    await findVisible(() => screen.getByText("Not sent"));
    expect(screen.getByTitle("Rendered message")).toHaveAttribute("sandbox", "");
  });

  it("the outbox shows the latest email rendered", async () => {
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/messages": () =>
        jsonResponse({
          items: [{ ...base, status: "opened", error: null, subject: "Welcome, Ada", opens: 1 }],
          total: 1,
          page: 1,
          page_size: 50,
        }),
      "GET /api/v1/messages/3": () =>
        jsonResponse({
          ...base,
          status: "opened",
          error: null,
          subject: "Welcome, Ada",
          body_html: "<p>Hello Ada</p>",
          body_text: "Hello Ada",
          raw: "Subject: Welcome, Ada",
          message_id: "<x@y>",
          response: null,
          letter_id: null,
        }),
    });
    renderApp("/outbox");
    expect(await screen.findByRole("heading", { name: "Outbox" })).toBeVisible();
    expect(await screen.findByTitle("Rendered message")).toHaveAttribute(
      "srcdoc",
      "<p>Hello Ada</p>",
    );
  });
});
