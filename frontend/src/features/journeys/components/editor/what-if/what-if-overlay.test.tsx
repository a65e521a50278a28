import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "@/testing/render";
import type { WhatIfResult } from "@/types/generated/what-if-api";
import { WhatIfNodeLine, WhatIfOverlayContext } from "./what-if-overlay";

const RESULT: WhatIfResult = {
  steps: [
    {
      node_id: "validate-product",
      kind: "action.create_job",
      label: "Validate the product",
      draft: { entered: 12, exits: { valid: 7, invalid: 5 }, waiting: 2 },
      live: { entered: 9, exits: {}, waiting: 0 },
    },
  ],
  messages: [],
  jobs: [],
  ends: [],
  contacts: 12,
  events: 40,
  enrolled: { bucket: "enrolled", label: "Enrolled", draft: 12, live: 9 },
  assumptions: [],
  seconds: 0.4,
};

describe("a node card's what-if line", () => {
  it("shows the draft next to the live numbers, each a button down to its contacts", async () => {
    const drill = vi.fn();
    renderWithProviders(
      <WhatIfOverlayContext.Provider value={{ result: RESULT, drill }}>
        <WhatIfNodeLine nodeId="validate-product" exitIds={["valid", "invalid", "cancelled"]} />
      </WhatIfOverlayContext.Provider>,
    );
    expect(screen.getByTestId("what-if-node")).toHaveTextContent(/draft\s*12.*live\s*9.*\+3/);
    // Exits nobody took on either side are left out.
    expect(screen.queryByText("→ cancelled")).toBeNull();
    const user = userEvent.setup();
    await user.click(
      screen.getByRole("button", {
        name: "5 contacts the draft sent from “Validate the product” down “invalid”: list them",
      }),
    );
    expect(drill).toHaveBeenCalledWith({
      bucket: "exit:validate-product:invalid",
      side: "draft",
      title: "Draft: “Validate the product” → invalid",
    });
    // Keyboard: the live count is reachable and opens with Enter.
    screen.getByRole("button", { name: /9 contacts the live version brought to/ }).focus();
    await user.keyboard("{Enter}");
    expect(drill).toHaveBeenLastCalledWith(
      expect.objectContaining({ bucket: "node:validate-product", side: "live" }),
    );
    expect(
      screen.getByRole("button", { name: /2 contacts still waiting at “Validate the product”/ }),
    ).toBeVisible();
  });

  it("shows nothing without a what-if on the canvas", () => {
    renderWithProviders(<WhatIfNodeLine nodeId="validate-product" exitIds={[]} />);
    expect(screen.queryByTestId("what-if-node")).toBeNull();
  });
});
