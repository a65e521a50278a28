import { queryOptions } from "@tanstack/react-query";
import { ApiError, api } from "@/lib/api-client";

import type { Readiness } from "@/types/generated/health-ready";

/** `GET /health/ready`: 200 when every dependency answers, 503 with the same shape if not. */
export type HealthReport = Readiness;

function isHealthReport(value: unknown): value is HealthReport {
  if (typeof value !== "object" || value === null) return false;
  const { status, checks } = value as Record<string, unknown>;
  return typeof status === "string" && typeof checks === "object" && checks !== null;
}

export async function getHealth(signal?: AbortSignal): Promise<HealthReport> {
  try {
    return await api.get<HealthReport>("/health/ready", { signal });
  } catch (error) {
    // A 503 is still an answer: it says which dependency is failing.
    if (error instanceof ApiError && error.status === 503 && isHealthReport(error.body)) {
      return error.body;
    }
    throw error;
  }
}

export const HEALTH_REFRESH_MS = 30_000;

export const healthQueryOptions = queryOptions({
  queryKey: ["health", "ready"],
  queryFn: ({ signal }) => getHealth(signal),
  refetchInterval: HEALTH_REFRESH_MS,
  staleTime: 10_000,
  // A health probe should report what it sees now, not retry until it looks fine.
  retry: false,
});
