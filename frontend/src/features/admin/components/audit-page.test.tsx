import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { signedInApi, superUser } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { formatChanges } from "./format-change";

describe("admin: audit log", () => {
  it("shows each change as field: from → to, and filters by actor and target type", async () => {
    const asked: URLSearchParams[] = [];
    mockFetch({
      ...signedInApi(superUser),
      "GET /api/v1/admin/audit": (request) => {
        asked.push(new URL(request.url).searchParams);
        return jsonResponse({
          items: [
            {
              id: 7,
              at: "2026-03-01T10:00:00Z",
              actor: { id: superUser.id, email: superUser.email },
              action: "user.roles_changed",
              target_type: "user",
              target_id: "u-2",
              changes: {
                primary_role: { from: "warehouse", to: "marketer" },
                secondary_roles: { from: ["marketer"], to: [] },
              },
            },
          ],
          total: 1,
        });
      },
    });
    renderApp("/admin/audit");

    const row = (await screen.findByText("user.roles_changed")).closest("tr") as HTMLElement;
    expect(within(row).getByText("primary_role: warehouse → marketer")).toBeVisible();
    expect(within(row).getByText("secondary_roles: marketer → none")).toBeVisible();
    expect(within(row).getByText(superUser.email)).toBeVisible();

    fireEvent.change(screen.getByRole("searchbox", { name: "Actor" }), {
      target: { value: "super-user@waymark.local" },
    });
    await waitFor(() => expect(asked.at(-1)?.get("actor")).toBe("super-user@waymark.local"));
    fireEvent.click(screen.getByRole("textbox", { name: /^Target type/ }));
    fireEvent.click(await screen.findByRole("option", { name: "Roles" }));
    await waitFor(() => expect(asked.at(-1)?.get("target_type")).toBe("role"));
    expect(asked.at(-1)?.get("page")).toBe("1");
  });
});

describe("formatChanges", () => {
  it.each([
    [{ is_active: { from: true, to: false } }, ["is_active: yes → no"]],
    [{ email: { from: null, to: "a@b.c" } }, ["email: — → a@b.c"]],
    [
      { permissions: { from: [], to: ["jobs:work", "reports:read"] } },
      ["permissions: none → jobs:work, reports:read"],
    ],
    [{ sessions: { from: "any", to: "none" } }, ["sessions: any → none"]],
    [{ note: "plain" }, ["note: plain"]],
  ])("%j", (changes, expected) => {
    expect(formatChanges(changes)).toEqual(expected);
  });
});
