import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { healthyApi, mockFetch } from "@/testing/fetch-mock";
import { renderApp } from "@/testing/render";

describe("routes", () => {
  it("redirects / to the journeys page", async () => {
    mockFetch(healthyApi);
    const { router } = renderApp("/");

    expect(await screen.findByRole("heading", { level: 1, name: "Journeys" })).toBeVisible();
    expect(router.state.location.pathname).toBe("/journeys");
  });

  it("shows the 404 page for an unknown address, inside the staff shell", async () => {
    mockFetch(healthyApi);
    renderApp("/no/such/page");

    expect(await screen.findByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    expect(screen.getByRole("link", { name: "Go to Journeys" })).toHaveAttribute(
      "href",
      "/journeys",
    );
    expect(screen.getByRole("navigation", { name: "Main navigation" })).toBeInTheDocument();
  });

  it("renders the portal in its own layout, without the staff navigation", async () => {
    renderApp("/portal");

    expect(await screen.findByRole("heading", { level: 1, name: "Customer portal" })).toBeVisible();
    expect(screen.getByRole("main")).toBeInTheDocument();
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
  });
});
