import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { AuditPage } from "../types";
import { type AuditFilters, adminKeys } from "./admin-keys";

/** The server pages the audit log by this many entries. */
export const AUDIT_PAGE_SIZE = 50;

export const auditQueryOptions = (filters: AuditFilters) =>
  queryOptions({
    queryKey: adminKeys.auditList(filters),
    queryFn: ({ signal }) =>
      api.get<AuditPage>("/api/v1/admin/audit", {
        signal,
        query: {
          actor: filters.actor.trim() || null,
          target_type: filters.target_type,
          page: filters.page,
        },
      }),
    placeholderData: keepPreviousData,
  });
