import { screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "@/testing/render";
import { isSafeLink, MessageLink } from "./message-link";

function renderLink(link: string) {
  const router = createMemoryRouter([{ path: "*", element: <MessageLink link={link} /> }]);
  return renderWithProviders(<RouterProvider router={router} />);
}

describe("message links", () => {
  it.each([
    "https://shop.example/help",
    "http://shop.example",
    "mailto:help@shop.example",
    "/portal/content/onboarding",
  ])("shows %s", (link) => {
    expect(isSafeLink(link)).toBe(true);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example",
    "/\\evil.example",
    "https://",
    "mailto:",
    "",
  ])("refuses %j", (link) => {
    expect(isSafeLink(link)).toBe(false);
  });

  it("renders a web address as a new-tab link and a portal page in place", () => {
    const { unmount } = renderLink("https://shop.example/help");
    const external = screen.getByRole("link", { name: "Open (new tab)" });
    expect(external).toHaveAttribute("href", "https://shop.example/help");
    expect(external).toHaveAttribute("rel", "noopener noreferrer");
    unmount();
    renderLink("/portal/content/onboarding");
    expect(screen.getByRole("link", { name: "Open" })).toHaveAttribute(
      "href",
      "/portal/content/onboarding",
    );
  });

  it("renders no anchor at all for a javascript: link", () => {
    renderLink("javascript:alert(document.cookie)");
    expect(screen.queryByRole("link")).toBeNull();
    expect(document.querySelector("a")).toBeNull();
  });
});
