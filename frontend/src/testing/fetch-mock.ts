import { vi } from "vitest";

type Handler = (request: Request) => Response | Promise<Response>;

/** A JSON `Response`, with the content type the API uses for it. */
export function jsonResponse(body: unknown, init: ResponseInit & { contentType?: string } = {}) {
  const { contentType = "application/json", headers, ...rest } = init;
  return new Response(JSON.stringify(body), {
    status: 200,
    ...rest,
    headers: { "content-type": contentType, ...headers },
  });
}

/**
 * Replaces global `fetch` with `handlers`, keyed by "METHOD /path". Unmatched requests
 * answer 404 so a test never reaches the network. The stub is removed after each test
 * (`unstubGlobals` in the Vitest config).
 */
export function mockFetch(handlers: Record<string, Handler>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(String(input), "http://localhost"), init);
    const { pathname } = new URL(request.url);
    const handler = handlers[`${request.method} ${pathname}`];
    if (!handler) return new Response("not mocked", { status: 404 });
    return handler(request);
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

export const healthyApi = {
  "GET /health/ready": () =>
    jsonResponse({ status: "ok", checks: { postgres: "ok", redis: "ok" } }),
} satisfies Record<string, Handler>;
