import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockFetch } from "@/testing/fetch-mock";
import { marketer, signedInApi, superUser, warehouseWorker } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";

async function navLinks() {
  const nav = await screen.findByRole("navigation", { name: "Main navigation" });
  return within(nav)
    .getAllByRole("link")
    .map((link) => [link.textContent, link.getAttribute("href")]);
}

describe("app shell", () => {
  it("shows a super-user every staff area, marking the current page", async () => {
    mockFetch(signedInApi(superUser));
    renderApp("/contacts");

    expect(await navLinks()).toEqual([
      ["Journeys", "/journeys"],
      ["Job types", "/job-types"],
      ["Customer wording", "/customer-wording"],
      ["Dashboards", "/dashboards"],
      ["Templates", "/templates"],
      ["Supervisor", "/supervisor"],
      ["Contacts", "/contacts"],
      ["Segments", "/segments"],
      ["Events", "/events"],
      ["Messages", "/messages"],
      ["Outbox", "/outbox"],
      ["Reports", "/reports"],
      ["Projects", "/sales/projects"],
      ["Processes", "/sales/processes"],
      ["Scoring", "/automation/scoring"],
      ["Schedules", "/automation/schedules"],
      ["Admin", "/admin"],
    ]);
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    expect(within(nav).getByRole("link", { name: "Contacts" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(within(nav).getByRole("link", { name: "Journeys" })).not.toHaveAttribute("aria-current");
    expect(await screen.findByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  });

  it("hides the entries the marketer's role lacks (no Dashboards, no Admin)", async () => {
    mockFetch(signedInApi(marketer));
    renderApp("/journeys");

    expect(await navLinks()).toEqual([
      ["Journeys", "/journeys"],
      ["Job types", "/job-types"],
      ["Customer wording", "/customer-wording"],
      ["Templates", "/templates"],
      ["Contacts", "/contacts"],
      ["Segments", "/segments"],
      ["Events", "/events"],
      ["Messages", "/messages"],
      ["Outbox", "/outbox"],
      ["Reports", "/reports"],
      ["Scoring", "/automation/scoring"],
      ["Schedules", "/automation/schedules"],
    ]);
    expect(screen.queryByText("Workspace")).not.toBeInTheDocument();
  });

  it("shows a warehouse worker only their dashboard, contacts and their messages", async () => {
    mockFetch(signedInApi(warehouseWorker));
    renderApp("/dashboards/warehouse");

    expect(await navLinks()).toEqual([
      ["Dashboards", "/dashboards"],
      ["Contacts", "/contacts"],
      ["Segments", "/segments"],
      ["Messages", "/messages"],
      ["Outbox", "/outbox"],
    ]);
  });

  it("hides the navigation for room on request, and keeps it hidden in this browser", async () => {
    window.localStorage.removeItem("waymark.navigation-hidden");
    mockFetch(signedInApi(marketer));
    renderApp("/journeys");
    const nav = await screen.findByRole("navigation", { name: "Main navigation" });
    expect(nav).not.toHaveAttribute("inert");

    fireEvent.click(screen.getByRole("button", { name: "Hide the navigation" }));

    // Out of the way and out of the Tab order; the button brings it back.
    expect(nav).toHaveAttribute("inert");
    expect(window.localStorage.getItem("waymark.navigation-hidden")).toBe("true");
    const show = screen.getByRole("button", { name: "Show the navigation" });
    expect(show).toHaveAttribute("aria-expanded", "false");
    fireEvent.click(show);
    expect(nav).not.toHaveAttribute("inert");
    expect(window.localStorage.getItem("waymark.navigation-hidden")).toBe("false");
  });

  it("has header, navigation and main landmarks, and a skip link first", async () => {
    mockFetch(signedInApi(marketer));
    const { container } = renderApp("/journeys");

    await screen.findByRole("heading", { level: 1, name: "Journeys" });
    expect(screen.getByRole("banner")).toBeInTheDocument();
    expect(screen.getByRole("main")).toHaveAttribute("id", "main-content");
    const firstLink = container.querySelector("a");
    expect(firstLink).toHaveTextContent("Skip to main content");
    expect(firstLink).toHaveAttribute("href", "#main-content");
  });
});
