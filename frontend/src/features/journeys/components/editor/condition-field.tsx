import { Input } from "@mantine/core";
import type { FieldProps } from "@rjsf/utils";
import { useMemo } from "react";
import {
  ConditionBuilder,
  type ConditionPickers,
} from "@/components/condition-builder/condition-builder";
import type { ConditionGroup } from "@/types/generated/journey";
import { richText } from "../rich-text";
import { type InspectorContext, pickerOptions } from "./form-widgets";
import { useFieldChoices } from "./use-field-choices";

/** A journey node's ConditionGroup, edited with the shared condition builder. */
export function ConditionField(props: FieldProps<ConditionGroup | undefined>) {
  const { formData, onChange, fieldPathId, schema, name, required, registry, disabled, readonly } =
    props;
  const context = registry.formContext as InspectorContext | undefined;
  const catalog = context?.catalog ?? null;
  const choices = useFieldChoices(context?.currentEvents ?? null);
  const pickers = useMemo<ConditionPickers>(
    () => ({
      email_templates: pickerOptions(catalog, "email_templates"),
      job_types: pickerOptions(catalog, "job_types"),
      queues: pickerOptions(catalog, "queues"),
      segments: pickerOptions(catalog, "segments"),
    }),
    [catalog],
  );
  const title = (schema.title as string | undefined) ?? name;
  return (
    <Input.Wrapper
      label={title}
      required={required}
      description={richText(schema.description)}
      id={fieldPathId.$id}
    >
      <div style={{ marginTop: 4 }}>
        <ConditionBuilder
          value={formData}
          pickers={pickers}
          choices={choices}
          // A trigger decides before the contact enters: count events ever by default.
          defaultSince={context?.nodeKind?.startsWith("trigger.") ? "ever" : "journey_entry"}
          disabled={disabled || readonly}
          onChange={(group) => {
            // An optional condition left without rules is no condition at all.
            const empty = !required && (group.rules ?? []).length === 0 && !group.negate;
            onChange(empty ? undefined : group, fieldPathId.path);
          }}
        />
      </div>
    </Input.Wrapper>
  );
}
