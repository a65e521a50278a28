import type { Me } from "@/lib/auth";
import { warehouseWorker } from "@/testing/fixtures";
import type { CardView, ProcessView, ProjectDetail, RunView } from "../types";

/** A salesperson: works the projects they are a member of. */
export const seller: Me = {
  ...warehouseWorker,
  id: "user-sofia",
  email: "sales@waymark.local",
  name: "Sofia Rossi",
  roles: [
    {
      name: "sales",
      label: "Sales",
      permissions: ["sales:work", "contacts:read"],
      queue: "sales",
      dashboard: "/dashboards/sales",
    },
  ],
  active_role: "sales",
  primary_role: "sales",
  permissions: ["sales:work", "contacts:read"],
  csrf_token: "csrf-sales",
};

const bea = { id: "user-bea", name: "Bea Booker", email: "bea@example.test", active: true };
const sofia = { id: "user-sofia", name: "Sofia Rossi", email: "sales@waymark.local", active: true };

export const project: ProjectDetail = {
  id: "p-north",
  name: "Calls North",
  description: "Leads in the north",
  outcomes: [
    { id: "o-booking", name: "Booking", is_booking: true },
    { id: "o-callback", name: "Call back", is_booking: false },
  ],
  stages: [
    { id: "s-lead", name: "Lead", position: 0, cards: 1 },
    { id: "s-won", name: "Won", position: 1, cards: 0 },
  ],
  buckets: [{ id: "b-hot", name: "Hot leads", user_ids: [], cards: 1 }],
  members: [bea, sofia],
  cards: 2,
  is_member: true,
  can_manage: false,
  created_at: "2026-12-01T09:00:00Z",
  updated_at: "2026-12-01T09:00:00Z",
};

export function card(overrides: Partial<CardView> & Pick<CardView, "id">): CardView {
  return {
    project_id: project.id,
    contact: {
      id: `c-${overrides.id}`,
      name: "Ada Lovelace",
      email: "ada@example.com",
      phone: null,
    },
    bucket_id: null,
    holder_id: null,
    stage_id: null,
    processed: false,
    processed_at: null,
    processed_by: null,
    last_outcome: null,
    last_outcome_booking: false,
    booking_user_id: null,
    booking_at: null,
    created_at: "2026-12-01T09:00:00Z",
    updated_at: "2026-12-01T09:00:00Z",
    ...overrides,
  };
}

export const people = [bea, sofia];

export function run(overrides: Partial<RunView> = {}): RunView {
  return {
    id: "r-1",
    process_id: "pr-1",
    kind: "schedule",
    status: "done",
    due_at: "2026-12-07T10:00:00Z",
    scan_from: "2026-12-01T09:00:00Z",
    scan_until: "2026-12-07T10:00:00Z",
    started_at: "2026-12-07T10:00:00Z",
    finished_at: "2026-12-07T10:00:02Z",
    moved: 3,
    skipped: 1,
    detail: "",
    ...overrides,
  };
}

export function process(
  overrides: Partial<ProcessView> & Pick<ProcessView, "id" | "name">,
): ProcessView {
  return {
    priority: 1,
    active: true,
    sources: [
      { id: "p-north", name: "Calls North" },
      { id: "p-south", name: "Calls South" },
    ],
    destination: { id: "p-booked", name: "Booked meetings" },
    placement: "new_bucket",
    bucket: null,
    criteria: { outcomes: ["Booking"], condition: null },
    frequency: "15m",
    daily_at: null,
    created_at: "2026-12-01T09:00:00Z",
    updated_at: "2026-12-01T09:00:00Z",
    scan_from: "2026-12-01T09:00:00Z",
    deactivated_at: null,
    next_run_at: "2026-12-07T10:15:00Z",
    last_run: null,
    moved_total: 0,
    ...overrides,
  };
}
