import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError } from "./api-client";
import { authKeys, endSession, SIGN_IN_META } from "./auth";

const MAX_RETRIES = 2;

/** Retrying a 4xx cannot succeed; network errors (status 0) and 5xx may. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return true;
}

/**
 * A 401 from any call while we think someone is signed in means the session has ended
 * (idle or absolute expiry, forced sign-out): forget the user, and the route guards send
 * them to the sign-in page with `next` pointing back to where they were.
 */
function sessionEndedHandler(getClient: () => QueryClient) {
  return (error: unknown, meta: Record<string, unknown> | undefined) => {
    if (!isApiError(error) || error.status !== 401) return;
    if (meta?.signIn === SIGN_IN_META.signIn) return;
    const client = getClient();
    if (client.getQueryData(authKeys.me)) endSession(client);
  };
}

export function createQueryClient(): QueryClient {
  const onUnauthorized = sessionEndedHandler(() => client);
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => onUnauthorized(error, query.meta),
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => onUnauthorized(error, mutation.meta),
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: shouldRetry,
      },
      mutations: {
        retry: false,
      },
    },
  });
  return client;
}
