import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "@/testing/render";
import { LoadError } from "./load-error";

describe("LoadError", () => {
  it("renders nothing while there is no error", () => {
    renderWithProviders(<LoadError what="users" error={null} />);
    expect(screen.queryByText(/could not load/i)).toBeNull();
  });

  it("names what failed and says why", () => {
    renderWithProviders(<LoadError what="the audit log" error={new Error("Sign in first.")} />);
    expect(screen.getByText("Could not load the audit log")).toBeTruthy();
    expect(screen.getByText("Sign in first.")).toBeTruthy();
  });
});
