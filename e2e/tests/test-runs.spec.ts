import { expect, type Page, test } from "@playwright/test";
import { staffApi } from "./support/api";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

type Definition = {
  nodes: { id: string; kind: string; label: string; position: object; config: object }[];
  edges: { id: string; source: string; source_handle: string; target: string }[];
  settings?: object;
};

const edge = (source: string, handle: string, target: string) => ({
  id: `${source}--${handle}`,
  source,
  source_handle: handle,
  target,
});

/**
 * A marketer's draft of the Return and replacement journey: it thanks the customer first,
 * gives them a day to send photos, and sends the rejection letter only for a return
 * reported broken (the rest is the library journey as it is).
 */
function withChanges(definition: Definition): Definition {
  const nodes = definition.nodes.map((node) => ({
    ...node,
    position: { ...(node.position as { x: number; y: number }) },
  }));
  for (const node of nodes) {
    const at = node.position as { x: number; y: number };
    if (node.id !== "return-requested") at.y += 280;
    if (["rejection-letter", "reject-return", "end-rejected"].includes(node.id)) at.y += 140;
  }
  nodes.push(
    {
      id: "thank-you",
      kind: "action.send_email",
      label: "Thank them for the return",
      position: { x: 280, y: 140 },
      config: { template: "thank_you" },
    },
    {
      id: "wait-photos",
      kind: "flow.wait_duration",
      label: "A day for the photos",
      position: { x: 280, y: 280 },
      config: { duration: { amount: 1, unit: "days" } },
    },
    {
      id: "reported-broken",
      kind: "flow.condition",
      label: "Reported broken?",
      position: { x: 560, y: 560 },
      config: {
        condition: {
          type: "group",
          rules: [
            { type: "event_property", property: "reason", operator: "equals", value: "Broken" },
          ],
        },
      },
    },
  );
  const kept = definition.edges.filter(
    (e) => !["return-requested--next", "validate-product--invalid"].includes(e.id),
  );
  return {
    ...definition,
    nodes,
    edges: [
      ...kept,
      edge("return-requested", "next", "thank-you"),
      edge("thank-you", "next", "wait-photos"),
      edge("wait-photos", "next", "validate-product"),
      edge("validate-product", "invalid", "reported-broken"),
      edge("reported-broken", "yes", "rejection-letter"),
      edge("reported-broken", "no", "reject-return"),
    ],
  };
}

/** A fresh draft from the library's Return and replacement journey, with the changes above. */
async function draftOfReturnJourney(baseURL: string, name: string): Promise<string> {
  const staff = await staffApi(baseURL, demoUsers.marketer.email);
  const journey = (await staff.post("/api/v1/journeys/from-template", {
    slug: "return-and-replacement",
    name,
  })) as { id: string; draft_revision: number; definition: Definition };
  const saved = await staff.context.put(`/api/v1/journeys/${journey.id}/draft`, {
    headers: staff.headers,
    data: { revision: journey.draft_revision, definition: withChanges(journey.definition) },
  });
  expect(saved.ok(), await saved.text()).toBe(true);
  await staff.context.dispose();
  return journey.id;
}

const panel = (page: Page) => page.getByTestId("test-panel");
const card = (page: Page, id: string) => page.getByTestId(`node-${id}`);
const saved = (page: Page) =>
  expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();

test.describe("test runs on the canvas", () => {
  test.use({ viewport: { width: 1600, height: 1100 } });

  test("a marketer tests a draft for a made-up contact, saves it as a case, and sees a change mark it", async ({
    page,
    baseURL,
  }) => {
    // One long story through the editor, with a run per choice and a save: more than the
    // default 30 s on a busy machine.
    test.setTimeout(240_000);
    const name = `Returns, tested ${Date.now()}`;
    const id = await draftOfReturnJourney(baseURL ?? "", name);
    await signIn(page, demoUsers.marketer.email);
    await page.goto(`/journeys/${id}`);
    // The editor is a lazy route: on a busy machine it takes a while the first time.
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible({ timeout: 60_000 });

    // "Test" beside Publish opens the panel; the contact is made up, the event written.
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await expect(panel(page)).toBeVisible();
    await panel(page).getByText(/^Made-up contact:/).click();
    await panel(page).getByLabel("Name", { exact: true }).fill("Ada Lovelace");
    await panel(page).getByLabel("Email", { exact: true }).fill("ada.test@example.com");
    await panel(page)
      .getByLabel("Its properties (JSON)")
      .fill('{"return_number": "R-77", "order_id": "ORD-77", "reason": "Broken"}');
    await panel(page).getByRole("button", { name: "Run test" }).click();

    // The thank-you email is rendered as it would be sent; the run waits for a day.
    await expect(card(page, "wait-photos")).toHaveAttribute("data-path", "held");
    await expect(card(page, "thank-you")).toHaveAttribute("data-path", "taken");
    await panel(page).getByRole("button", { name: /Thank them for the return/ }).click();
    await expect(panel(page).getByTestId("email-subject")).not.toBeEmpty();
    await expect(panel(page).getByText("To: ada.test@example.com")).toBeVisible();
    await expect(
      panel(page).frameLocator('iframe[title^="The email as it would be sent"]').locator("body"),
    ).toContainText("Ada");
    await expectNoAxeViolations(page, ["iframe"]);

    // Skip the wait; the job is next: it is not faulty, and the form says why.
    // By keyboard: every control of the panel is a button or a field in reading order.
    await panel(page).getByRole("button", { name: "Skip the wait" }).focus();
    await page.keyboard.press("Enter");
    await expect(card(page, "validate-product")).toHaveAttribute("data-path", "held");
    const job = panel(page).getByTestId("job-choice-validate-product");
    await job.getByLabel(/What you found/).fill("Scratched, not broken");
    const answered = page.waitForResponse(
      (r) => r.url().endsWith(`/journeys/${id}/test-runs`) && r.request().method() === "POST",
    );
    await job.getByRole("button", { name: "Invalid" }).click();
    const run = (await (await answered).json()) as {
      steps: { node_id: string; preview: { pdf?: string } | null }[];
    };

    // It ends at "Rejected", through the letter: its PDF is shown.
    await expect(panel(page).getByTestId("run-status")).toContainText("Ended");
    await expect(card(page, "end-rejected")).toHaveAttribute("data-path", "taken");
    await expect(card(page, "send-replacement")).toHaveAttribute("data-path", "off");
    await panel(page).getByRole("button", { name: /Letter: why we can't accept it/ }).focus();
    await page.keyboard.press("Enter");
    const pdf = panel(page).getByTestId("letter-pdf");
    await expect(pdf).toBeVisible();
    // Framed from the PDF bytes the run gave ("%PDF-" in base64), as a blob: URL.
    await expect(pdf).toHaveAttribute("src", /^blob:/);
    const letter = run.steps.find((s) => s.node_id === "rejection-letter");
    expect(letter?.preview?.pdf?.startsWith("JVBERi0")).toBe(true);
    // The CRM step shows the return's status before and after.
    await panel(page).getByRole("button", { name: /Mark the return rejected/ }).click();
    await expect(panel(page).getByTestId("crm-change")).toContainText("rejected");

    // Save it as a case.
    await panel(page).getByRole("button", { name: "Save as case…" }).click();
    await panel(page).getByLabel("Case name").fill("Scratched return gets the letter");
    await panel(page).getByRole("button", { name: "Save case" }).click();
    const savedCase = panel(page)
      .getByTestId("test-case")
      .filter({ hasText: "Scratched return gets the letter" });
    await expect(savedCase).toHaveAttribute("data-verdict", "same");

    // Change the condition: the letter now goes only to "Damaged" returns.
    await card(page, "reported-broken").click();
    await page.getByRole("tab", { name: "Inspector" }).click();
    await page
      .getByRole("complementary", { name: "Step details" })
      .getByRole("textbox", { name: "Value", exact: true })
      .fill("Damaged");
    await saved(page);

    // The case is run again on the save, and marked: it ends otherwise now.
    await page.getByRole("button", { name: /^Test/ }).click();
    await expect(savedCase).toHaveAttribute("data-verdict", "changed");
    await expect(savedCase).toContainText("Changed");
    await expect(page.getByRole("button", { name: /1 saved case now ends differently/ })).toBeVisible();
    await expectNoAxeViolations(page, ["iframe"]);

    // And before publishing, the review says so too.
    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish this journey?" });
    await expect(dialog.getByTestId("case-checks-notice")).toContainText(
      "Scratched return gets the letter",
    );
  });
});
