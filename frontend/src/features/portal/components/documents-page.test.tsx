import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { customer, signedInApi } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { formatSize } from "./documents-page";

describe("documents page", () => {
  it("lists the customer's letters, each a link to its PDF", async () => {
    mockFetch({
      ...signedInApi(customer),
      "POST /api/v1/portal/activity/page-view": () => new Response(null, { status: 202 }),
      "GET /api/v1/portal/documents": () =>
        jsonResponse([
          {
            id: 7,
            title: "Return rejected",
            kind: "letter",
            size: 14_336,
            created_at: "2026-11-02T10:00:00Z",
          },
        ]),
    });
    renderApp("/portal/documents");

    expect(await screen.findByRole("heading", { level: 1, name: "Documents" })).toBeVisible();
    const link = await screen.findByRole("link", { name: /^Download Return rejected, sent/ });
    expect(link).toHaveAttribute("href", "/api/v1/portal/documents/7/pdf");
    expect(screen.getByText("14 KB")).toBeVisible();
    expect(screen.getByRole("link", { name: "Documents" })).toHaveAttribute("aria-current", "page");
  });

  it("says when there are none", async () => {
    mockFetch({
      ...signedInApi(customer),
      "POST /api/v1/portal/activity/page-view": () => new Response(null, { status: 202 }),
      "GET /api/v1/portal/documents": () => jsonResponse([]),
    });
    renderApp("/portal/documents");
    expect(await screen.findByText("No letters yet.")).toBeVisible();
  });

  it("writes sizes people read", () => {
    expect(formatSize(900)).toBe("900 bytes");
    expect(formatSize(2048)).toBe("2 KB");
    expect(formatSize(3 * 1024 * 1024)).toBe("3.0 MB");
  });
});
