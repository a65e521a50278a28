import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { healthyApi, mockFetch } from "@/testing/fetch-mock";
import { renderApp } from "@/testing/render";

const NAV_ENTRIES = [
  ["Journeys", "/journeys"],
  ["Dashboards", "/dashboards"],
  ["Contacts", "/contacts"],
  ["Reports", "/reports"],
  ["Admin", "/admin"],
  ["Portal", "/portal"],
] as const;

describe("app shell", () => {
  it("renders all six navigation links, marking the current page", async () => {
    mockFetch(healthyApi);
    renderApp("/contacts");

    const nav = await screen.findByRole("navigation", { name: "Main navigation" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => [link.textContent, link.getAttribute("href")])).toEqual(NAV_ENTRIES);
    expect(within(nav).getByRole("link", { name: "Contacts" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(within(nav).getByRole("link", { name: "Journeys" })).not.toHaveAttribute("aria-current");
    expect(await screen.findByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  });

  it("has header, navigation and main landmarks, and a skip link first", async () => {
    mockFetch(healthyApi);
    const { container } = renderApp("/journeys");

    await screen.findByRole("heading", { level: 1, name: "Journeys" });
    expect(screen.getByRole("banner")).toBeInTheDocument();
    expect(screen.getByRole("main")).toHaveAttribute("id", "main-content");
    const firstLink = container.querySelector("a");
    expect(firstLink).toHaveTextContent("Skip to main content");
    expect(firstLink).toHaveAttribute("href", "#main-content");
  });
});
