import { type RefObject, useLayoutEffect, useState } from "react";

/**
 * Whether the element is narrower than `width` pixels, kept up to date as it resizes. It is
 * measured before the first paint, so a phone never shows the wide layout for a frame; an
 * element not laid out (width 0: hidden, or a test DOM) counts as wide enough.
 */
export function useNarrowerThan(ref: RefObject<HTMLElement | null>, width: number): boolean {
  const [narrow, setNarrow] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const actual = element.getBoundingClientRect().width;
      setNarrow(actual > 0 && actual < width);
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, width]);
  return narrow;
}
