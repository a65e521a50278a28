import { Drawer } from "@mantine/core";
import { fireEvent, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "./render";

function Opener() {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpened(true)}>
        Open
      </button>
      <Drawer opened={opened} onClose={() => setOpened(false)} title="Details">
        Inside the drawer
      </Drawer>
    </>
  );
}

describe("the test providers", () => {
  it("run in a browser that asks for reduced motion", () => {
    expect(window.matchMedia("(prefers-reduced-motion: reduce)").matches).toBe(true);
  });

  it("show a drawer fully in the render that opens it: no transition to wait for", () => {
    renderWithProviders(<Opener />);
    fireEvent.click(screen.getByRole("button", { name: "Open" }));
    // At once: no animation frame or timer has run since the click.
    expect(screen.getByText("Inside the drawer")).toBeVisible();
  });
});
