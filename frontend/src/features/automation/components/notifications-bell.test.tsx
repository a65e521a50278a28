import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { signedInApi, warehouseWorker } from "@/testing/fixtures";
import { renderApp } from "@/testing/render";
import { findVisible } from "@/testing/visible";
import type { Notification } from "../types";

const note: Notification = {
  id: 11,
  title: "Big order to pack",
  body: "Pack it today.",
  link: "/contacts/c-1",
  contact_id: "c-1",
  created_at: "2026-03-02T09:00:00Z",
  read_at: null,
};

describe("notifications bell", () => {
  it("shows the unread count, lists notifications and marks them read", async () => {
    let unread = 1;
    const marked: unknown[] = [];
    mockFetch({
      ...signedInApi(warehouseWorker),
      "GET /api/v1/notifications": () =>
        jsonResponse({
          items: [{ ...note, read_at: unread ? null : "2026-03-02T10:00:00Z" }],
          unread,
        }),
      "POST /api/v1/notifications/read-all": async (request) => {
        marked.push(await request.text());
        unread = 0;
        return jsonResponse({ marked: 1, unread: 0 });
      },
    });
    renderApp("/dashboards/warehouse");

    const bell = await screen.findByRole(
      "button",
      { name: "Notifications, 1 unread" },
      // The bell is loaded lazily after the shell: on a busy machine that takes a while.
      { timeout: 20_000 },
    );
    fireEvent.click(bell);
    const panel = await screen.findByRole("dialog", { name: "Notifications" });
    await findVisible(() => within(panel).getByText("Big order to pack"));
    await findVisible(() => within(panel).getByText("Pack it today."));
    expect(within(panel).getByRole("link", { name: /Big order to pack/ })).toHaveAttribute(
      "href",
      "/contacts/c-1",
    );
    fireEvent.click(within(panel).getByRole("button", { name: "Mark all read" }));
    expect(await screen.findByRole("button", { name: "Notifications" })).toBeVisible();
    expect(marked).toHaveLength(1);
  });
});
