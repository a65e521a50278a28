import { Button, Group, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { useCurrentUser } from "@/lib/auth";
import { hasAnyPermission } from "@/lib/permissions";
import {
  jobListQueryOptions,
  jobTypeRefsQueryOptions,
  PAGE_SIZE,
  queuesQueryOptions,
  workloadQueryOptions,
} from "../api/jobs";
import { useClaimJob } from "../hooks/use-job-actions";
import { useLiveJobs } from "../hooks/use-live-jobs";
import { defaultScope, filtersFromSearch, filtersToSearch } from "../model/filters";
import type { JobFilters } from "../types";
import { BulkReassignModal } from "./bulk-reassign-modal";
import { JobFilterBar } from "./job-filter-bar";
import { JobTable } from "./job-table";
import { LiveIndicator } from "./live-indicator";
import { SavedFiltersMenu } from "./saved-filters-menu";

interface JobQueueProps {
  /** The queues this view lists (empty: every queue the user sees). */
  queues: readonly string[];
  /** What the table is called, e.g. "Administration jobs". */
  label: string;
  roleLabel: string;
  /** Filters a view starts with when the URL has none (e.g. the supervisor's overrunning). */
  baseFilters?: JobFilters;
}

/**
 * A live queue: filters in the URL, a keyset-paged table, claim from the row, saved
 * filters; supervisors also select rows and reassign them.
 */
export function JobQueue({ queues, label, roleLabel, baseFilters }: JobQueueProps) {
  const me = useCurrentUser();
  const canSupervise = hasAnyPermission(me.permissions, ["jobs:supervise"]);
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => {
    const fromUrl = filtersFromSearch(searchParams);
    return Object.keys(fromUrl).length === 0 && baseFilters ? baseFilters : fromUrl;
  }, [searchParams, baseFilters]);
  const scope = filters.scope ?? defaultScope(canSupervise);
  const viewKey = filtersToSearch(filters).toString();

  // Keyset pages: the cursors that led to each page seen so far (page 1 has none).
  const [pages, setPages] = useState<{ view: string; cursors: (string | null)[] }>({
    view: viewKey,
    cursors: [null],
  });
  const cursors = pages.view === viewKey ? pages.cursors : [null];
  const cursor = cursors.at(-1) ?? null;

  const live = useLiveJobs(queues);
  const request = { queues, filters: { ...filters, scope }, cursor, limit: PAGE_SIZE };
  const list = useQuery(jobListQueryOptions(request, live.pollInterval));
  const types = useQuery(jobTypeRefsQueryOptions());
  // Several queues: the table names each row's queue as the dashboards do ("Data protection").
  const showQueue = queues.length !== 1;
  const queueList = useQuery({ ...queuesQueryOptions(), enabled: showQueue });
  const queueLabels = useMemo(
    () => new Map((queueList.data ?? []).map((queue) => [queue.name, queue.label])),
    [queueList.data],
  );
  const workload = useQuery({ ...workloadQueryOptions(), enabled: canSupervise });
  const claim = useClaimJob();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [reassignOpen, reassignModal] = useDisclosure(false);

  const setFilters = (next: JobFilters) => {
    setSelected(new Set());
    setSearchParams(filtersToSearch(next), { replace: true });
  };
  const typeOptions = types.data ?? [];
  const assignees = (workload.data ?? []).map((row) => ({
    value: row.user.id,
    label: row.user.name,
  }));

  return (
    <Stack gap="md">
      <JobFilterBar
        filters={{ ...filters, scope }}
        onChange={setFilters}
        types={typeOptions}
        canSupervise={canSupervise}
        assignees={assignees}
      />
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <LiveIndicator status={live.status} />
          {canSupervise && (
            <Button
              size="sm"
              variant="light"
              disabled={selected.size === 0}
              onClick={reassignModal.open}
            >
              Reassign selected{selected.size ? ` (${selected.size})` : ""}
            </Button>
          )}
        </Group>
        <SavedFiltersMenu
          queue={queues.length === 1 ? (queues[0] ?? null) : null}
          filters={filters}
          onApply={setFilters}
          meId={me.id}
          roleLabel={roleLabel}
        />
      </Group>
      <JobTable
        query={{ ...list, data: list.data?.items }}
        meId={me.id}
        showQueue={showQueue}
        queueLabels={queueLabels}
        onClaim={(job) => claim.mutate(job.id)}
        claimingId={claim.isPending ? claim.variables : null}
        selected={canSupervise ? selected : undefined}
        onSelect={canSupervise ? setSelected : undefined}
        label={label}
      />
      <nav aria-label={`Pages of ${label}`}>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Page {cursors.length}
            {list.data
              ? ` · ${list.data.items.length} job${list.data.items.length === 1 ? "" : "s"} shown`
              : ""}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              size="compact-sm"
              disabled={cursors.length <= 1}
              onClick={() => setPages({ view: viewKey, cursors: cursors.slice(0, -1) })}
            >
              Previous page
            </Button>
            <Button
              variant="default"
              size="compact-sm"
              disabled={!list.data?.next_cursor}
              onClick={() =>
                setPages({ view: viewKey, cursors: [...cursors, list.data?.next_cursor ?? null] })
              }
            >
              Next page
            </Button>
          </Group>
        </Group>
      </nav>
      {canSupervise && (
        <BulkReassignModal
          opened={reassignOpen}
          onClose={reassignModal.close}
          jobIds={[...selected]}
          queues={queues}
          onDone={(result) => {
            const failed = new Set(result.failed.map((f) => f.id));
            setSelected(new Set([...selected].filter((id) => failed.has(id))));
          }}
        />
      )}
    </Stack>
  );
}
