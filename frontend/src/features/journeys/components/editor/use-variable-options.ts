import { useMemo } from "react";
import type { VariableOption } from "@/components/template-editor/variable-snippet";
import { journeyVariablesOf } from "../../model/template-context";
import { useEditorStore } from "../../store/editor-store";
import { useFieldChoices } from "./use-field-choices";

/**
 * What a message in this journey can show, by the names people read: the contact's
 * fields and attributes, the properties of the events the journey starts on or waits
 * for, and the journey variables its webhooks save.
 */
export function useVariableOptions(): VariableOption[] {
  const choices = useFieldChoices(null);
  const nodes = useEditorStore((s) => s.nodes);
  return useMemo(() => {
    const options: VariableOption[] = choices.contact.map((f) => ({
      path: `contact.${f.path}`,
      label: f.label,
      group: "Contact",
      kind: f.type,
    }));
    for (const f of choices.currentEvent)
      options.push({ path: `event.${f.path}`, label: f.label, group: "The event", kind: f.type });
    for (const name of Object.keys(journeyVariablesOf(nodes)))
      options.push({
        path: `journey.${name}`,
        label: name.replaceAll("_", " "),
        group: "Journey",
        kind: "text",
      });
    options.push({ path: "now", label: "Today's date", group: "Other", kind: "date" });
    return options;
  }, [choices, nodes]);
}
