import { useState } from "react";

/**
 * A paged list's filters and page. Changing a filter goes back to page 1, where the
 * new results start.
 */
export function useListFilters<F extends object>(initial: F) {
  const [start] = useState(initial);
  const [filters, setFilters] = useState(initial);
  const [page, setPage] = useState(1);
  const setFilter = <K extends keyof F>(key: K, value: F[K]) => {
    setFilters((current) => ({ ...current, [key]: value }));
    setPage(1);
  };
  /** Every filter back to where it started, except those in `keep` (a search box). */
  const clear = (...keep: (keyof F)[]) => {
    setFilters((current) => {
      const next = { ...start };
      for (const key of keep) next[key] = current[key];
      return next;
    });
    setPage(1);
  };
  /** How many filters differ from where they started, not counting those in `ignore`. */
  const activeCount = (...ignore: (keyof F)[]) =>
    (Object.keys(start) as (keyof F)[]).filter(
      (key) => !ignore.includes(key) && filters[key] !== start[key],
    ).length;
  return { filters, setFilter, page, setPage, clear, activeCount };
}
