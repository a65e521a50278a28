import { describe, expect, it } from "vitest";
import { jsonResponse, mockFetch } from "@/testing/fetch-mock";
import { ApiError, api, isApiError, setCsrfToken } from "./api-client";

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (reason: unknown) => reason,
  );
  if (!isApiError(error)) throw error;
  return error;
}

describe("api client", () => {
  it("decodes a JSON answer", async () => {
    mockFetch({ "GET /api/v1/journeys": () => jsonResponse([{ id: "j1" }]) });

    await expect(api.get<{ id: string }[]>("/api/v1/journeys")).resolves.toEqual([{ id: "j1" }]);
  });

  it("turns a problem+json answer into an ApiError carrying its detail as the message", async () => {
    const problem = {
      type: "https://waymark.dev/problems/job-already-claimed",
      title: "Job already claimed",
      status: 409,
      detail: "Job 42 was claimed by Dana Smith a moment ago.",
      instance: "/api/v1/jobs/42/claim",
    };
    mockFetch({
      "POST /api/v1/jobs/42/claim": () =>
        jsonResponse(problem, { status: 409, contentType: "application/problem+json" }),
    });

    const error = await caught(api.post("/api/v1/jobs/42/claim"));

    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("Job 42 was claimed by Dana Smith a moment ago.");
    expect(error.status).toBe(409);
    expect(error.problem).toEqual(problem);
    expect(error.method).toBe("POST");
    expect(error.url).toBe("/api/v1/jobs/42/claim");
  });

  it("falls back to the problem's title when it has no detail", async () => {
    mockFetch({
      "GET /api/v1/secret": () =>
        jsonResponse(
          { type: "about:blank", title: "Forbidden", status: 403 },
          { status: 403, contentType: "application/problem+json" },
        ),
    });

    const error = await caught(api.get("/api/v1/secret"));

    expect(error.message).toBe("Forbidden");
    expect(error.problem?.detail).toBeUndefined();
  });

  it("reads Litestar's default error body ({status_code, detail}) as a problem", async () => {
    mockFetch({
      "GET /api/v1/contacts/9": () =>
        jsonResponse({ status_code: 404, detail: "Contact 9 not found" }, { status: 404 }),
    });

    const error = await caught(api.get("/api/v1/contacts/9"));

    expect(error.message).toBe("Contact 9 not found");
    expect(error.problem?.status).toBe(404);
  });

  it("names the request and status when the error body is not a problem", async () => {
    mockFetch({
      "GET /api/v1/reports": () =>
        new Response("<h1>Bad gateway</h1>", {
          status: 502,
          statusText: "Bad Gateway",
          headers: { "content-type": "text/html" },
        }),
    });

    const error = await caught(api.get("/api/v1/reports"));

    expect(error.message).toBe("GET /api/v1/reports failed: 502 Bad Gateway");
    expect(error.problem).toBeUndefined();
    expect(error.body).toBe("<h1>Bad gateway</h1>");
  });

  it("reports an unreachable server as status 0", async () => {
    mockFetch({
      "GET /api/v1/journeys": () => {
        throw new TypeError("fetch failed");
      },
    });

    const error = await caught(api.get("/api/v1/journeys"));

    expect(error.status).toBe(0);
    expect(error.message).toBe("Could not reach the server (GET /api/v1/journeys)");
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("sends JSON bodies and query parameters", async () => {
    const fetchMock = mockFetch({
      "POST /api/v1/events": async (request) => {
        expect(request.headers.get("content-type")).toBe("application/json");
        expect(new URL(request.url).searchParams.get("dry_run")).toBe("true");
        expect(await request.json()).toEqual({ name: "order.placed" });
        return new Response(null, { status: 202 });
      },
    });

    await expect(
      api.post(
        "/api/v1/events",
        { name: "order.placed" },
        { query: { dry_run: true, skip: null } },
      ),
    ).resolves.toBeUndefined();
    expect(fetchMock).toHaveBeenCalledOnce();
  });

  it("sends the session's CSRF token on every state-changing method, never on reads", async () => {
    const seen: Record<string, string | null> = {};
    const record = (request: Request) => {
      seen[request.method] = request.headers.get("X-CSRF-Token");
      expect(request.credentials).toBe("same-origin");
      return new Response(null, { status: 204 });
    };
    mockFetch({
      "GET /api/v1/thing": record,
      "POST /api/v1/thing": record,
      "PUT /api/v1/thing": record,
      "PATCH /api/v1/thing": record,
      "DELETE /api/v1/thing": record,
    });
    setCsrfToken("csrf-abc");

    await api.get("/api/v1/thing");
    await api.post("/api/v1/thing", {});
    await api.put("/api/v1/thing", {});
    await api.patch("/api/v1/thing", {});
    await api.delete("/api/v1/thing");

    expect(seen).toEqual({
      GET: null,
      POST: "csrf-abc",
      PUT: "csrf-abc",
      PATCH: "csrf-abc",
      DELETE: "csrf-abc",
    });
  });

  it("sends no CSRF header when signed out", async () => {
    mockFetch({
      "POST /api/v1/auth/login": (request) => {
        expect(request.headers.has("X-CSRF-Token")).toBe(false);
        return new Response(null, { status: 204 });
      },
    });
    setCsrfToken(null);

    await api.post("/api/v1/auth/login", { email: "a@b.c", password: "x" });
  });
});
