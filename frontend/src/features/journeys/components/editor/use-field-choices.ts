import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { FieldChoices, FieldInfo } from "@/components/condition-builder/field-choices";
import { catalogQueryOptions, fieldCatalogQueryOptions } from "../../api/journeys";
import { eventNamesOf, journeyVariablesOf } from "../../model/template-context";
import { useEditorStore } from "../../store/editor-store";

// Variables every journey can have: a job step's outcome and answers, a webhook's call.
const STANDARD_VARIABLES = ["job.outcome", "webhook.ok", "webhook.status"];

/**
 * What the condition builder offers in this journey: the field catalog, the events seen
 * and used here, and as "the event" the properties of `currentEvents` (a trigger's or a
 * wait's own event, else every event the journey starts on or waits for).
 */
export function useFieldChoices(currentEvents: readonly string[] | null): FieldChoices {
  const fields = useQuery(fieldCatalogQueryOptions);
  const catalog = useQuery(catalogQueryOptions);
  const nodes = useEditorStore((s) => s.nodes);
  return useMemo(() => {
    const used = eventNamesOf(nodes);
    const emitted = nodes.flatMap((n) =>
      n.type === "action.emit_event" && n.data.config?.event_name ? [n.data.config.event_name] : [],
    );
    const events = fields.data?.events ?? {};
    const reading = currentEvents ?? used;
    const seen = new Set<string>();
    const currentEvent: FieldInfo[] = [];
    for (const name of reading) {
      for (const field of events[name] ?? []) {
        if (seen.has(field.path)) continue;
        seen.add(field.path);
        currentEvent.push(field);
      }
    }
    return {
      contact: fields.data?.contact ?? [],
      objects: (fields.data?.objects ?? {}) as Record<string, FieldInfo[]>,
      events: events as Record<string, FieldInfo[]>,
      eventNames: [...new Set([...used, ...emitted, ...(catalog.data?.event_names ?? [])])],
      currentEvent,
      variables: [...STANDARD_VARIABLES, ...Object.keys(journeyVariablesOf(nodes))],
    };
  }, [fields.data, catalog.data, nodes, currentEvents]);
}
