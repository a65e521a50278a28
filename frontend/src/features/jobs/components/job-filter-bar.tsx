import { MultiSelect, SegmentedControl, Select, Switch, TextInput } from "@mantine/core";
import { DatePickerInput, type DatesRangeValue } from "@mantine/dates";
import { useDebouncedCallback } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { FilterBar } from "@/components/filter-bar/filter-bar";
import { SearchIcon } from "@/components/icons/icons";
import { useBelow } from "@/lib/use-below";
import { activeFilterCount, endOfDayExclusiveIso, localDay, startOfDayIso } from "../model/filters";
import {
  JOB_STATUSES,
  type JobFilters,
  type JobStatus,
  type JobTypeRef,
  PRIORITIES,
  type Priority,
  type Scope,
  type SortKey,
} from "../types";
import { PRIORITY_LABEL, STATUS_LABEL } from "./labels";

const SORT_OPTIONS: { value: SortKey; label: string }[] = [
  { value: "-created_at", label: "Newest first" },
  { value: "created_at", label: "Oldest first" },
  { value: "due_at", label: "Due soonest" },
  { value: "-due_at", label: "Due latest" },
  { value: "-priority", label: "Most urgent first" },
  { value: "priority", label: "Least urgent first" },
];

export interface AssigneeOption {
  value: string;
  label: string;
}

interface JobFilterBarProps {
  filters: JobFilters;
  onChange: (filters: JobFilters) => void;
  types: readonly JobTypeRef[];
  canSupervise: boolean;
  /** Staff to filter by (supervisors); "me" and "none" are always offered. */
  assignees?: readonly AssigneeOption[];
}

type Range = [string | null, string | null];

function rangeOf(from: string | null | undefined, to: string | null | undefined): Range {
  return [localDay(from), localDay(to, true)];
}

function withRange(
  filters: JobFilters,
  fromKey: "created_from" | "due_from",
  toKey: "created_to" | "due_to",
  value: DatesRangeValue<string>,
): JobFilters {
  const [from, to] = value;
  const next = { ...filters };
  delete next[fromKey];
  delete next[toKey];
  // A range being picked (start only) filters nothing until its end is chosen.
  if (from && to) {
    next[fromKey] = startOfDayIso(from);
    next[toKey] = endOfDayExclusiveIso(to);
  }
  return next;
}

/** Every filter of a queue view; each change goes straight to the URL. */
export function JobFilterBar({
  filters,
  onChange,
  types,
  canSupervise,
  assignees = [],
}: JobFilterBarProps) {
  const isPhone = useBelow("sm");
  const [keyword, setKeyword] = useState(filters.q ?? "");
  useEffect(() => setKeyword(filters.q ?? ""), [filters.q]);
  const commitKeyword = useDebouncedCallback((q: string) => {
    const next = { ...filters };
    if (q.trim()) next.q = q.trim();
    else delete next.q;
    onChange(next);
  }, 300);

  const scopes: { value: Scope; label: string }[] = [
    { value: "default", label: "Unassigned + mine" },
    { value: "mine", label: "Mine" },
    { value: "unassigned", label: "Unassigned" },
    ...(canSupervise ? [{ value: "all" as const, label: "Everyone's" }] : []),
  ];
  const set = (patch: Partial<JobFilters>) => {
    const next: JobFilters = { ...filters, ...patch };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) {
        delete next[key as keyof JobFilters];
      }
    }
    onChange(next);
  };

  const scope = filters.scope ?? (canSupervise ? "all" : "default");
  return (
    <FilterBar
      label="Filter jobs"
      activeCount={activeFilterCount(filters)}
      onClear={() => onChange(filters.sort ? { sort: filters.sort } : {})}
      search={
        <TextInput
          label="Keyword"
          type="search"
          placeholder="Title, guidance, notes, contact"
          leftSection={<SearchIcon size={16} />}
          value={keyword}
          onChange={(event) => {
            setKeyword(event.currentTarget.value);
            commitKeyword(event.currentTarget.value);
          }}
        />
      }
      always={
        isPhone ? (
          // Four segments do not fit a phone's width: the same choice as a list.
          <Select
            label="Whose jobs"
            data={scopes}
            value={scope}
            onChange={(value) => value && set({ scope: value as Scope })}
            allowDeselect={false}
          />
        ) : (
          <SegmentedControl
            aria-label="Whose jobs"
            data={scopes}
            value={scope}
            onChange={(value) => set({ scope: value as Scope })}
            size="sm"
          />
        )
      }
    >
      <MultiSelect
        label="Status"
        placeholder={filters.status?.length ? undefined : "Open"}
        data={JOB_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
        value={filters.status ?? []}
        onChange={(value) => set({ status: value as JobStatus[] })}
        clearable
        miw={180}
        style={{ flex: 1 }}
      />
      <MultiSelect
        label="Type"
        placeholder={filters.type?.length ? undefined : "Any type"}
        data={types.map((t) => ({ value: t.name, label: t.label }))}
        value={filters.type ?? []}
        onChange={(value) => set({ type: value })}
        searchable
        clearable
        miw={180}
        style={{ flex: 1 }}
      />
      <MultiSelect
        label="Priority"
        placeholder={filters.priority?.length ? undefined : "Any"}
        data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }))}
        value={filters.priority ?? []}
        onChange={(value) => set({ priority: value as Priority[] })}
        clearable
        miw={150}
        style={{ flex: 1 }}
      />
      <Select
        label="Assignee"
        placeholder="Anyone"
        data={[
          { value: "me", label: "Me" },
          { value: "none", label: "Nobody (unassigned)" },
          ...assignees,
        ]}
        value={filters.assignee ?? null}
        onChange={(value) => set({ assignee: value ?? undefined })}
        searchable
        clearable
        w={200}
      />
      <DatePickerInput
        type="range"
        label="Created"
        clearButtonProps={{ "aria-label": "Clear the created dates" }}
        value={rangeOf(filters.created_from, filters.created_to)}
        onChange={(value) => onChange(withRange(filters, "created_from", "created_to", value))}
        clearable
        allowSingleDateInRange
        w={230}
      />
      <DatePickerInput
        type="range"
        label="Due"
        clearButtonProps={{ "aria-label": "Clear the due dates" }}
        value={rangeOf(filters.due_from, filters.due_to)}
        onChange={(value) => onChange(withRange(filters, "due_from", "due_to", value))}
        clearable
        allowSingleDateInRange
        w={230}
      />
      <Select
        label="Sort"
        data={SORT_OPTIONS}
        value={filters.sort ?? "-created_at"}
        onChange={(value) => set({ sort: (value as SortKey | null) ?? undefined })}
        allowDeselect={false}
        w={190}
      />
      <Switch
        label="Overrunning only"
        checked={filters.overrunning === true}
        onChange={(event) => set({ overrunning: event.currentTarget.checked || undefined })}
        mb={8}
      />
    </FilterBar>
  );
}
