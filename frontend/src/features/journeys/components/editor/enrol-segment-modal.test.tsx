import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { renderWithProviders } from "@/testing/render";
import type {
  EnrolableJourney,
  EnrolRequestStatus,
} from "@/types/generated/enrollment-actions-api";
import { EnrolSegmentModal } from "./enrol-segment-modal";

const J = "j-1";
const BASE = `/api/v1/journeys/${J}/enrollments`;

const journey: EnrolableJourney = {
  id: J,
  name: "Win back",
  version: 3,
  triggers: [{ node_id: "by-hand", label: "Enrolled by hand", allow_api: true }],
};
const segments = [
  { name: "lapsed", label: "Lapsed customers" },
  { name: "vip", label: "VIPs" },
];

const status = (over: Partial<EnrolRequestStatus>): EnrolRequestStatus => ({
  request_id: "r-1",
  journey_id: J,
  segment: "lapsed",
  requested: 120,
  handled: 0,
  enrolled: 0,
  refused: 0,
  done: false,
  ...over,
});

async function pickSegment(label: string) {
  const dialog = await screen.findByRole("dialog", { name: "Enrol a segment in Win back" });
  fireEvent.click(within(dialog).getByRole("textbox", { name: "Segment" }));
  fireEvent.click(await screen.findByRole("option", { name: label }));
  return dialog;
}

describe("enrolling a whole segment by hand", () => {
  it("shows the segment's count, enrols that many once confirmed and follows the workers", async () => {
    const counted: string[] = [];
    const posted: unknown[] = [];
    let polls = 0;
    mockFetch({
      [`GET ${BASE}/segment-count`]: (request) => {
        const query = new URL(request.url).searchParams;
        counted.push(`${query.get("segment")}@${query.get("trigger_node_id")}`);
        return jsonResponse({ segment: "lapsed", count: 120 });
      },
      [`POST ${BASE}/segment`]: async (request) => {
        posted.push(await request.json());
        return jsonResponse(status({}), { status: 202 });
      },
      [`GET ${BASE}/requests/r-1`]: () => {
        polls += 1;
        return jsonResponse(
          polls < 2
            ? status({ handled: 40, enrolled: 38, refused: 2 })
            : status({ handled: 120, enrolled: 117, refused: 3, done: true }),
        );
      },
    });
    renderWithProviders(
      <EnrolSegmentModal journey={journey} segments={segments} opened onClose={() => undefined} />,
    );

    const dialog = await pickSegment("Lapsed customers");
    // The count comes first; nothing is enrolled before the person confirms it.
    expect(await within(dialog).findByTestId("segment-enrol-count")).toHaveTextContent(
      "“Lapsed customers” has 120 contacts now.",
    );
    expect(posted).toEqual([]);
    fireEvent.click(within(dialog).getByRole("button", { name: "Enrol 120 contacts" }));

    await waitFor(() =>
      expect(within(dialog).getByTestId("segment-enrol-status")).toHaveTextContent(
        "Done: 117 contacts enrolled, 3 not (the journey's re-entry rule",
      ),
    );
    expect(posted).toEqual([
      { segment: "lapsed", expected_count: 120, trigger_node_id: "by-hand" },
    ]);
    expect(counted).toEqual(["lapsed@by-hand"]);
    expect(within(dialog).queryByRole("button", { name: /^Enrol/ })).toBeNull();
  });

  it("asks again when the segment changed size since it was counted", async () => {
    let size = 5;
    const posted: { expected_count: number }[] = [];
    mockFetch({
      [`GET ${BASE}/segment-count`]: () => jsonResponse({ segment: "vip", count: size }),
      [`POST ${BASE}/segment`]: async (request) => {
        const body = (await request.json()) as { expected_count: number };
        posted.push(body);
        if (body.expected_count !== size)
          return jsonResponse(
            {
              title: "Conflict",
              status: 409,
              detail: `Segment “vip” has ${size} contacts now, not the ${body.expected_count} confirmed: confirm the new count. Nothing was changed.`,
              count: size,
            },
            { status: 409, contentType: "application/problem+json" },
          );
        return jsonResponse(status({ segment: "vip", requested: size }), { status: 202 });
      },
      [`GET ${BASE}/requests/r-1`]: () =>
        jsonResponse(
          status({ segment: "vip", requested: size, handled: size, enrolled: size, done: true }),
        ),
    });
    renderWithProviders(
      <EnrolSegmentModal journey={journey} segments={segments} opened onClose={() => undefined} />,
    );

    const dialog = await pickSegment("VIPs");
    expect(await within(dialog).findByTestId("segment-enrol-count")).toHaveTextContent(
      "has 5 contacts now",
    );
    size = 6;
    fireEvent.click(within(dialog).getByRole("button", { name: "Enrol 5 contacts" }));

    expect(
      await within(dialog).findByText(/has 6 contacts now, not the 5 confirmed/),
    ).toBeVisible();
    const again = await within(dialog).findByRole("button", { name: "Enrol 6 contacts" });
    expect(within(dialog).queryByTestId("segment-enrol-status")).toBeNull();
    fireEvent.click(again);
    await waitFor(() =>
      expect(within(dialog).getByTestId("segment-enrol-status")).toHaveTextContent(
        "Done: 6 contacts enrolled.",
      ),
    );
    expect(posted.map((p) => p.expected_count)).toEqual([5, 6]);
  });
});
