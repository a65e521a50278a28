import { fireEvent, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "@/testing/render";
import type { PathLine } from "./path-model";
import { PathSteps } from "./path-steps";

const LINES: PathLine[] = [
  {
    id: "1",
    at: "2026-03-02T09:00:00Z",
    nodeId: "check",
    label: "Opened?",
    exit: "no",
    text: "Condition checked.",
    why: {
      kind: "condition",
      checks: [
        {
          where: "rules[0]",
          rule: "opened_email",
          subject: "emails opened",
          actual: 0,
          holds: false,
        },
      ],
    },
    sending: null,
  },
  {
    id: "2",
    at: "2026-03-02T09:00:00Z",
    nodeId: "wait",
    label: "Wait 3 days",
    exit: null,
    text: "Waiting until 2026-03-05.",
    why: { kind: "timer", due_at: "2026-03-05T09:00:00Z" },
    sending: null,
  },
];

function Harness() {
  const [selected, setSelected] = useState<string | null>(null);
  return <PathSteps lines={LINES} selected={selected} onSelect={setSelected} />;
}

describe("PathSteps", () => {
  it("lists the steps by label and opens a step's trace on click", () => {
    renderWithProviders(<Harness />);
    expect(screen.getByRole("list", { name: "Steps taken" })).toBeInTheDocument();
    const check = screen.getByRole("button", { name: /Opened\? → no/ });
    expect(check).toHaveAttribute("aria-expanded", "false");
    fireEvent.click(check);
    expect(check).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByRole("table", { name: "Condition checks" })).toHaveTextContent(
      "emails opened",
    );
    expect(screen.getByText("✗ does not hold")).toBeInTheDocument();
  });

  it("is a list of buttons, so the keyboard reaches every step", () => {
    renderWithProviders(<Harness />);
    const buttons = screen.getAllByRole("button");
    expect(buttons).toHaveLength(2);
    buttons[1]?.focus();
    expect(buttons[1]).toHaveFocus();
    fireEvent.click(buttons[1] as HTMLElement);
    expect(screen.getByTestId("step-trace")).toHaveTextContent("Wait 3 days");
  });

  it("says when there is nothing yet", () => {
    renderWithProviders(<PathSteps lines={[]} selected={null} onSelect={() => undefined} />);
    expect(screen.getByText("No steps yet.")).toBeInTheDocument();
  });
});
