import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { insertAt } from "@/components/template-editor/insert";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { marketer, problem, signedInApi } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";

const template = {
  id: "t-1",
  name: "welcome",
  label: "Welcome",
  channel: "email",
  subject: "Hello {{ contact.first_name }}",
  body_html: "<p>Hi</p>",
  body_text: "",
  updated_at: "2026-03-01T10:00:00Z",
};

describe("templates: list and editor", () => {
  it("lists templates with their kind and the name journeys use", async () => {
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/templates": () => jsonResponse([template]),
    });
    renderApp("/templates");
    expect(await screen.findByRole("link", { name: "Welcome" })).toHaveAttribute(
      "href",
      "/templates/t-1",
    );
    expect(screen.getByText("welcome")).toBeVisible();
  });

  it("previews live against the chosen texts and shows where a template breaks", async () => {
    const previews: Record<string, unknown>[] = [];
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/templates/t-1": () => jsonResponse(template),
      "GET /api/v1/templates/preview-contacts": () =>
        jsonResponse([{ id: "c-1", name: "Ada Lovelace", email: "ada@example.com" }]),
      "POST /api/v1/templates/preview": async (request) => {
        const body = (await request.json()) as Record<string, unknown>;
        previews.push(body);
        if (String(body.body_html).includes("nickname")) {
          return jsonResponse({
            ok: false,
            subject: null,
            html: "",
            text: "",
            error: { part: "html", message: "missing variable “nickname”", line: 2 },
            variables: ["contact.first_name", "event.total"],
          });
        }
        return jsonResponse({
          ok: true,
          subject: "Hello Sam",
          html: "<p>Hi</p>",
          text: "",
          error: null,
          variables: ["contact.first_name", "event.total"],
        });
      },
    });
    renderApp("/templates/t-1");

    expect(await screen.findByText("Hello Sam")).toBeVisible();
    expect(screen.getByTitle("Rendered HTML")).toHaveAttribute("sandbox", "");
    const html = screen.getByRole("textbox", { name: "HTML" });
    fireEvent.change(html, { target: { value: "<p>Hi</p>\n{{ contact.nickname }}" } });

    expect(await screen.findByText("Missing variable contact.nickname")).toBeVisible();
    expect(screen.getByText(/at line 2/)).toBeVisible();
    expect(previews.at(-1)?.body_html).toBe("<p>Hi</p>\n{{ contact.nickname }}");
  });

  it("inserts a variable from the picker into the field being edited", async () => {
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/templates/t-1": () => jsonResponse(template),
      "GET /api/v1/templates/preview-contacts": () => jsonResponse([]),
      "POST /api/v1/templates/preview": () =>
        jsonResponse({
          ok: true,
          subject: "Hello Sam",
          html: "<p>Hi</p>",
          text: "",
          error: null,
          variables: ["contact.first_name", "event.total"],
        }),
    });
    renderApp("/templates/t-1");
    const html = await screen.findByRole("textbox", { name: "HTML" });
    const picker = await screen.findByRole("button", { name: "Insert a variable into HTML" });
    await waitFor(() => expect(picker).toBeEnabled());
    fireEvent.click(picker);
    fireEvent.click(await screen.findByRole("textbox", { name: "Show" }));
    fireEvent.click(await screen.findByRole("option", { name: "Total" }));
    fireEvent.change(screen.getByRole("textbox", { name: "If it is empty, write" }), {
      target: { value: "0" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Insert" }));
    await waitFor(() =>
      expect(html).toHaveValue('<p>Hi</p>{{ event.total | default("0", true) }}'),
    );
  });
});

describe("saving a template someone else changed", () => {
  it("sends the version it loaded and says why a stale save is refused", async () => {
    const saves: Record<string, unknown>[] = [];
    mockFetch({
      ...signedInApi(marketer),
      "GET /api/v1/templates/t-1": () => jsonResponse(template),
      "GET /api/v1/templates/preview-contacts": () => jsonResponse([]),
      "POST /api/v1/templates/preview": () =>
        jsonResponse({ ok: true, subject: "Hi", html: "", text: "", error: null, variables: [] }),
      "PUT /api/v1/templates/t-1": async (request) => {
        saves.push((await request.json()) as Record<string, unknown>);
        return problem(409, "Someone else saved this template since you opened it.", {
          errors: [{ field: "expected_updated_at", message: "the template changed" }],
        });
      },
    });
    renderApp("/templates/t-1");
    fireEvent.click(await screen.findByRole("button", { name: "Save" }));
    expect(
      await screen.findByText("Someone else saved this template since you opened it.", {
        selector: ".mantine-Alert-body *",
      }),
    ).toBeVisible();
    expect(saves[0]?.expected_updated_at).toBe(template.updated_at);
  });
});

describe("insertAt", () => {
  it.each([
    ["abc", 1, 1, "a{{ x }}bc", 8],
    ["abc", 0, 3, "{{ x }}", 7],
    ["abc", 9, 9, "abc{{ x }}", 10],
  ])("%s at %i–%i", (text, start, end, expected, caret) => {
    expect(insertAt(text, "{{ x }}", start, end)).toEqual({ text: expected, caret });
  });
});
