import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { renderWithProviders } from "@/testing/render";
import { HealthBadge } from "./health-badge";

describe("HealthBadge", () => {
  it("shows OK when the API and its dependencies are ready", async () => {
    mockFetch({
      "GET /health/ready": () =>
        jsonResponse({ status: "ok", checks: { postgres: "ok", redis: "ok" } }),
    });
    renderWithProviders(<HealthBadge />);

    const badge = await screen.findByText("API OK");
    expect(badge.closest("[data-status]")).toHaveAttribute("data-status", "ok");
  });

  it("names the failing dependency when the API answers 503", async () => {
    mockFetch({
      "GET /health/ready": () =>
        jsonResponse(
          { status: "error", checks: { postgres: "ok", redis: "error" } },
          { status: 503 },
        ),
    });
    renderWithProviders(<HealthBadge />);

    const badge = await screen.findByText("API down: redis");
    expect(badge.closest("[data-status]")).toHaveAttribute("data-status", "degraded");
  });

  it("shows unreachable when the API does not answer", async () => {
    mockFetch({
      "GET /health/ready": () => {
        throw new TypeError("fetch failed");
      },
    });
    renderWithProviders(<HealthBadge />);

    expect(await screen.findByText("API unreachable")).toBeInTheDocument();
  });
});
