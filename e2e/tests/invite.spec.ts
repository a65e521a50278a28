import { expect, test } from "@playwright/test";
import { demoUsers, signIn } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";

test("a super-user invites someone, who sets a password from the link and lands signed in", async ({
  page,
  browser,
}) => {
  const email = `e2e-${Date.now()}@waymark.local`;
  const name = "Invited Person";

  await signIn(page, demoUsers.superUser.email);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Invite user" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite user" });
  await dialog.getByLabel(/^Email/).fill(email);
  await dialog.getByLabel(/^Name/).fill(name);
  await dialog.getByRole("textbox", { name: /^Primary role/ }).click();
  await page.getByRole("option", { name: "Warehouse" }).click();
  await dialog.getByRole("button", { name: "Create invite" }).click();

  const created = page.getByRole("dialog", { name: "Invite created" });
  const link = created.getByRole("textbox", { name: "Invite link" });
  await expect(link).toHaveValue(/\/invite\/.+/);
  const inviteUrl = new URL(await link.inputValue());
  await created.getByRole("button", { name: "Done" }).click();

  // The new user is in the list, with their role.
  await page.getByRole("searchbox", { name: "Search" }).fill(email);
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Warehouse");

  // The invitee opens the link in their own browser (the path, on the server under test).
  const inviteeContext = await browser.newContext();
  try {
    const invitee = await inviteeContext.newPage();
    await invitee.goto(inviteUrl.pathname);
    await expect(
      invitee.getByRole("heading", { level: 1, name: `Welcome to Waymark, ${name}` }),
    ).toBeVisible();
    await expect(invitee.getByText(email)).toBeVisible();
    await expectNoAxeViolations(invitee);

    // A mismatch is caught before the server is asked.
    await invitee.getByLabel(/^New password/).fill("a-long-Password-2026");
    await invitee.getByLabel(/^Repeat the password/).fill("a-long-Password-2025");
    await invitee.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(invitee.getByText("The two passwords do not match.")).toBeVisible();

    await invitee.getByLabel(/^Repeat the password/).fill("a-long-Password-2026");
    await invitee.getByRole("button", { name: "Set password and sign in" }).click();

    await expect(invitee).toHaveURL(/\/dashboards\/warehouse$/);
    await expect(
      invitee.getByRole("heading", { level: 1, name: "Warehouse dashboard" }),
    ).toBeVisible();
    await expect(invitee.getByRole("button", { name: new RegExp(`^${name}`) })).toBeVisible();

    // The link works once.
    await invitee.goto(inviteUrl.pathname);
    await expect(
      invitee.getByRole("heading", {
        level: 1,
        name: "This invite link has expired or was already used",
      }),
    ).toBeVisible();
  } finally {
    await inviteeContext.close();
  }
});
