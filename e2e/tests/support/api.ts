import { type APIRequestContext, expect, type Page, request } from "@playwright/test";
import { DEMO_PASSWORD } from "./auth";

/** A member of staff signed in through the API, outside any page: the context keeps the cookie. */
export interface StaffApi {
  context: APIRequestContext;
  headers: Record<string, string>;
  /** POSTs `data` with the CSRF token and returns the answer's JSON; fails the test on an error. */
  post: (path: string, data: unknown) => Promise<unknown>;
}

export async function staffApi(baseURL: string, email: string): Promise<StaffApi> {
  const context = await request.newContext({ baseURL });
  const response = await context.post("/api/v1/auth/login", {
    data: { email, password: DEMO_PASSWORD },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
  const { csrf_token: csrf } = (await response.json()) as { csrf_token: string };
  const headers = { "X-CSRF-Token": csrf };
  const post = async (path: string, data: unknown) => {
    const answer = await context.post(path, { data, headers });
    expect(answer.ok(), `POST ${path}: ${answer.status()} ${await answer.text()}`).toBe(true);
    return answer.json();
  };
  return { context, headers, post };
}

/** The signed-in customer's contact id. */
export async function ownContactId(page: Page): Promise<string> {
  const response = await page.request.get("/api/v1/portal/me");
  expect(response.ok()).toBeTruthy();
  return ((await response.json()) as { id: string }).id;
}

/** A fresh delivered order for the customer, so a test can run again and again. */
export async function createOrder(staff: StaffApi, contactId: string, reference: string) {
  const response = await staff.context.post(`/api/v1/contacts/${contactId}/objects`, {
    headers: staff.headers,
    data: {
      kind: "order",
      status: "delivered",
      external_ref: reference,
      data: { items: [{ name: "Test kettle", qty: 1 }], total: 30, currency: "GBP" },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
}

export interface JobSummary {
  id: string;
  title: string;
  queue: string;
  status: string;
  version: number;
  assignee: { id: string; name: string } | null;
  contact: { id: string; name: string } | null;
  overrunning: boolean;
}

export interface JobDetail {
  id: string;
  related: { type: string; id: string }[];
}

/**
 * Polls the newest open jobs of `queue` until one matches (the worker made it): by its
 * summary, or else by its detail (e.g. its related order).
 */
export async function waitForJob(
  api: APIRequestContext,
  queue: string,
  match: { summary?: (job: JobSummary) => boolean; detail?: (job: JobDetail) => boolean },
): Promise<JobSummary> {
  const seen = new Set<string>();
  let found: JobSummary | undefined;
  await expect
    .poll(
      async () => {
        const response = await api.get(`/api/v1/jobs?scope=all&queue=${queue}&limit=20`);
        expect(response.ok(), `GET /api/v1/jobs: ${response.status()}`).toBe(true);
        const page = (await response.json()) as { items: JobSummary[] };
        found = page.items.find((job) => match.summary?.(job));
        for (const job of page.items) {
          if (found || !match.detail || seen.has(job.id)) continue;
          seen.add(job.id);
          const detail = (await (await api.get(`/api/v1/jobs/${job.id}`)).json()) as JobDetail;
          if (match.detail(detail)) found = job;
        }
        return Boolean(found);
      },
      { timeout: 30_000, message: `a new job in ${queue}` },
    )
    .toBe(true);
  return found as JobSummary;
}
