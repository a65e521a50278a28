import { Group, Stack, Textarea, TextInput } from "@mantine/core";
import type { WidgetProps } from "@rjsf/utils";
import { useRef } from "react";
import { insertAt } from "@/components/template-editor/insert";
import { VariablePicker } from "@/components/template-editor/variable-picker";
import { richText } from "../rich-text";
import { useVariableOptions } from "./use-variable-options";

/**
 * A text the step renders for each contact (a subject, an SMS, a job title…), with
 * "+ Variable" to put in the contact's first name or an order's total by picking it.
 */
export function TemplateTextWidget(props: WidgetProps) {
  const { id, label, value, required, onChange, options, rawErrors, schema, disabled, readonly } =
    props;
  const variables = useVariableOptions();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const text = typeof value === "string" ? value : "";
  const set = (next: string) => onChange(next === "" ? undefined : next);
  const insert = (snippet: string) => {
    const element = input.current;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    const { text: next, caret } = insertAt(text, snippet, start, end);
    set(next);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(caret, caret);
    });
  };
  const common = {
    id,
    label,
    required,
    description: richText(schema.description),
    error: rawErrors?.length ? rawErrors.join(", ") : undefined,
    disabled: disabled || readonly,
    value: text,
  };
  return (
    <Stack gap={4} data-template-text>
      {options.multiline ? (
        <Textarea
          {...common}
          ref={input}
          autosize
          minRows={3}
          maxRows={12}
          onChange={(e) => set(e.currentTarget.value)}
        />
      ) : (
        <TextInput {...common} ref={input} onChange={(e) => set(e.currentTarget.value)} />
      )}
      {!(disabled || readonly) && (
        <Group justify="flex-end">
          <VariablePicker
            options={variables}
            target={typeof label === "string" ? label : "the text"}
            onInsert={insert}
          />
        </Group>
      )}
    </Stack>
  );
}
