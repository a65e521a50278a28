/**
 * A small typed wrapper around `fetch` for the Waymark API.
 *
 * Every non-2xx answer becomes an `ApiError`. The API answers errors as RFC 7807
 * problem details (`application/problem+json`); their `detail` (or `title`) becomes the
 * error's message, so UI code can show `error.message` as is.
 */

/** RFC 7807 problem details. Every member is optional; extensions are allowed. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  /** HTTP status; 0 when the request never got an answer (network error, abort). */
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** The problem details, when the answer carried them. */
  readonly problem: ProblemDetails | undefined;
  /** The decoded body (JSON when it parsed, text otherwise), whatever its shape. */
  readonly body: unknown;

  constructor(init: {
    message: string;
    status: number;
    method: string;
    url: string;
    problem?: ProblemDetails | undefined;
    body?: unknown;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.problem = init.problem;
    this.body = init.body;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions extends Omit<RequestInit, "body" | "method"> {
  /** Serialised as JSON, with the matching content type. */
  json?: unknown;
  query?: QueryParams;
}

/**
 * The session's CSRF token (`Me.csrf_token`), sent as `X-CSRF-Token` on every
 * state-changing request. The auth module sets it whenever it learns who is signed in and
 * clears it on sign-out; nothing else needs to know about it.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

export const CSRF_HEADER = "X-CSRF-Token";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json\b/i;
const PROBLEM_TYPE = /^application\/problem\+json\b/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withQuery(path: string, query: QueryParams | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.append(key, String(value));
  }
  const search = params.toString();
  if (!search) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${search}`;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  if (JSON_TYPES.test(response.headers.get("content-type") ?? "")) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Problem details from an error body. Accepts `application/problem+json`, and also a
 * plain JSON object with a string `title` or `detail` (Litestar's default error shape is
 * `{status_code, detail, extra}`), so a handler that forgot the problem plugin still
 * gives a readable message.
 */
export function toProblem(contentType: string, body: unknown): ProblemDetails | undefined {
  if (!isRecord(body)) return undefined;
  const looksLikeProblem = typeof body.title === "string" || typeof body.detail === "string";
  if (!PROBLEM_TYPE.test(contentType) && !looksLikeProblem) return undefined;
  const problem: ProblemDetails = { ...body };
  for (const key of ["type", "title", "detail", "instance"] as const) {
    if (typeof body[key] !== "string") delete problem[key];
  }
  const status = body.status ?? body.status_code;
  if (typeof status === "number") problem.status = status;
  else delete problem.status;
  return problem;
}

function errorMessage(
  response: Response,
  method: string,
  url: string,
  problem: ProblemDetails | undefined,
): string {
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  const reason = response.statusText ? ` ${response.statusText}` : "";
  return `${method} ${url} failed: ${response.status}${reason}`;
}

/** Sends a request and decodes the JSON answer. 204 and empty bodies give `undefined`. */
export async function apiFetch<T>(
  method: string,
  path: string,
  { json, query, headers, ...init }: RequestOptions = {},
): Promise<T> {
  const url = withQuery(path, query);
  const requestHeaders = new Headers(headers);
  if (!requestHeaders.has("accept")) {
    requestHeaders.set("accept", "application/json, application/problem+json");
  }
  if (UNSAFE_METHODS.has(method) && csrfToken && !requestHeaders.has(CSRF_HEADER)) {
    requestHeaders.set(CSRF_HEADER, csrfToken);
  }
  let body: string | undefined;
  if (json !== undefined) {
    requestHeaders.set("content-type", "application/json");
    body = JSON.stringify(json);
  }

  let response: Response;
  try {
    response = await fetch(url, {
      credentials: "same-origin",
      ...init,
      method,
      headers: requestHeaders,
      body,
    });
  } catch (cause) {
    // Let callers (and TanStack Query) see an abort as an abort.
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError({
      message: `Could not reach the server (${method} ${url})`,
      status: 0,
      method,
      url,
      cause,
    });
  }

  const decoded = await readBody(response);
  if (!response.ok) {
    const problem = toProblem(response.headers.get("content-type") ?? "", decoded);
    throw new ApiError({
      message: errorMessage(response, method, url, problem),
      status: response.status,
      method,
      url,
      problem,
      body: decoded,
    });
  }
  return decoded as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiFetch<T>("GET", path, options),
  post: <T>(path: string, json?: unknown, options?: RequestOptions) =>
    apiFetch<T>("POST", path, { ...options, json }),
  put: <T>(path: string, json?: unknown, options?: RequestOptions) =>
    apiFetch<T>("PUT", path, { ...options, json }),
  patch: <T>(path: string, json?: unknown, options?: RequestOptions) =>
    apiFetch<T>("PATCH", path, { ...options, json }),
  delete: <T = void>(path: string, options?: RequestOptions) =>
    apiFetch<T>("DELETE", path, options),
};
