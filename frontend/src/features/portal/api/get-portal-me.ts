import { queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/api-client";

/** GET /api/v1/portal/me: the signed-in customer's own contact record. */
export interface PortalContact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  created_at: string;
}

export const portalMeQueryOptions = queryOptions({
  queryKey: ["portal", "me"],
  queryFn: ({ signal }) => api.get<PortalContact>("/api/v1/portal/me", { signal }),
});
