/**
 * Who is signed in, and the session's life cycle: sign in, switch role, sign out.
 *
 * The signed-in user (`Me`, GET /api/v1/auth/me) lives in the query cache under
 * `authKeys.me`: `undefined` while loading, `null` when signed out. Its `csrf_token` is
 * copied into the api client, which sends it on every state-changing request.
 */
import {
  type QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { createContext, type ReactNode, use } from "react";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { PageLoader } from "@/components/page-loader/page-loader";
import type { AuthConfig, LoginRequest, Me, Role } from "@/types/generated/auth-api";
import { api, isApiError, setCsrfToken } from "./api-client";

export type { AuthConfig, Me, Role } from "@/types/generated/auth-api";

export type UserKind = Me["kind"];
export type Credentials = Pick<LoginRequest, "email" | "password">;

export const authKeys = {
  all: ["auth"] as const,
  me: ["auth", "me"] as const,
  config: ["auth", "config"] as const,
  switchRole: ["auth", "switch-role"] as const,
};

export const authEndpoints = {
  me: "/api/v1/auth/me",
  config: "/api/v1/auth/config",
  login: "/api/v1/auth/login",
  portalLogin: "/api/v1/portal/auth/login",
  logout: "/api/v1/auth/logout",
  role: "/api/v1/auth/role",
  ssoLogin: "/api/v1/auth/sso/login",
} as const;

/** Where each area signs in. */
export const loginPaths = { staff: "/login", customer: "/portal/login" } as const;

/** Mutations that may answer 401 without meaning "your session has ended". */
export const SIGN_IN_META = { signIn: true } as const;

export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await api.get<Me>(authEndpoints.me, { signal });
    setCsrfToken(me.csrf_token);
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const meQueryOptions = queryOptions({
  queryKey: authKeys.me,
  queryFn: ({ signal }) => getMe(signal),
  staleTime: 60_000,
});

export const authConfigQueryOptions = queryOptions({
  queryKey: authKeys.config,
  queryFn: ({ signal }) => api.get<AuthConfig>(authEndpoints.config, { signal }),
  staleTime: 5 * 60_000,
});

/** The signed-in user: `undefined` while loading, `null` when signed out. */
export function useMe() {
  return useQuery(meQueryOptions);
}

export function useAuthConfig() {
  return useQuery(authConfigQueryOptions);
}

/** Whether the last session ended by signing out (not by expiring). */
let signedOutOnPurpose = false;

/** A new session began (sign-in, accepted invite): forget everything the last one saw. */
export function startSession(queryClient: QueryClient, me: Me): void {
  signedOutOnPurpose = false;
  setCsrfToken(me.csrf_token);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
  queryClient.setQueryData(authKeys.me, me);
}

/** The session ended (sign-out, or the server answered 401): the guards send people to sign in. */
export function endSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.setQueryData(authKeys.me, null);
}

export function activeRole(me: Me): Role | undefined {
  return me.roles.find((role) => role.name === me.active_role);
}

/** Where this user lands: the active role's dashboard. */
export function homePath(me: Me): string {
  if (me.kind === "customer") return "/portal";
  return activeRole(me)?.dashboard ?? "/journeys";
}

/**
 * A `next` parameter that is safe to navigate to: a path on this site (never `//host` or
 * a full URL), and not a sign-in page (which would loop).
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  const path = next.split(/[?#]/)[0] ?? "";
  if (path === loginPaths.staff || path === loginPaths.customer) return null;
  return next;
}

/** Where each area starts; a `next` pointing there says nothing and is left out. */
const areaHomes = { staff: "/", customer: "/portal" } as const;

/** `/login?next=/where/you/were` */
export function loginUrl(kind: UserKind, next: string): string {
  const safe = safeNext(next);
  const loginPath = loginPaths[kind];
  return safe && safe !== areaHomes[kind]
    ? `${loginPath}?next=${encodeURIComponent(safe)}`
    : loginPath;
}

export function useSignIn(area: UserKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) =>
      api.post<Me>(area === "staff" ? authEndpoints.login : authEndpoints.portalLogin, credentials),
    meta: SIGN_IN_META,
    onSuccess: (me) => startSession(queryClient, me),
  });
}

/**
 * Signs out. The area's guard then shows its sign-in page (without a `next`: leaving was
 * deliberate).
 */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post<void>(authEndpoints.logout);
      } catch (error) {
        // Already signed out (expired session): that is what we wanted.
        if (!(isApiError(error) && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      signedOutOnPurpose = true;
      endSession(queryClient);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
    },
  });
}

/**
 * Acts in another of the user's roles, lands on its dashboard and refetches everything.
 * Until it is done, `RequirePermission` shows nothing instead of a 403 for the page being
 * left (or for the landing page, checked against the old role for a moment).
 */
export function useSwitchRole() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationKey: authKeys.switchRole,
    mutationFn: (role: string) => api.post<Me>(authEndpoints.role, { role }),
    onSuccess: async (me) => {
      setCsrfToken(me.csrf_token);
      await navigate(homePath(me));
      queryClient.setQueryData(authKeys.me, me);
      await queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== authKeys.all[0],
      });
    },
  });
}

const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user, inside a `RequireSession` area. */
export function useCurrentUser(): Me {
  const me = use(CurrentUserContext);
  if (!me) throw new Error("useCurrentUser() is only for pages inside <RequireSession>");
  return me;
}

export function CurrentUserProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <CurrentUserContext value={me}>{children}</CurrentUserContext>;
}

interface RequireSessionProps {
  kind: UserKind;
  /** Shown when the session could not be checked (the API is down…). */
  errorElement: (error: Error, retry: () => void) => ReactNode;
  children?: ReactNode;
}

/**
 * Renders its children (or the child routes) only for a signed-in user of `kind`;
 * anyone else goes to that area's sign-in page, with `next` pointing back here.
 */
export function RequireSession({ kind, errorElement, children }: RequireSessionProps) {
  const location = useLocation();
  const { data: me, error, isPending, refetch } = useMe();

  if (isPending) return <PageLoader />;
  if (error && me === undefined) return errorElement(error, () => void refetch());
  if (!me || me.kind !== kind) {
    // Back here after signing in, unless the user chose to leave.
    const next = signedOutOnPurpose ? "" : `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={loginUrl(kind, next)} replace />;
  }
  return <CurrentUserProvider me={me}>{children ?? <Outlet />}</CurrentUserProvider>;
}
