import { Group, Stack, Textarea, TextInput } from "@mantine/core";
import { type ReactNode, useMemo, useRef } from "react";
import { type TemplateKind, templatePartsOf } from "@/lib/channels";
import { insertAt } from "./insert";
import { VariablePicker } from "./variable-picker";
import { type VariableOption, withReportedNames } from "./variable-snippet";

export type TemplatePart = "subject" | "body_html" | "body_text";
export type TemplateTexts = Record<TemplatePart, string>;
export type TemplatePartKind = TemplateKind;

/** Which text parts each kind has (from the kinds' one definition, lib/channels). */
export function partsOf(kind: TemplatePartKind): Record<TemplatePart, boolean> {
  const parts = templatePartsOf(kind);
  return {
    subject: parts.includes("subject"),
    body_html: parts.includes("html"),
    body_text: parts.includes("text"),
  };
}

const PART_LABELS: Record<TemplatePart, string> = {
  subject: "Subject",
  body_html: "HTML",
  body_text: "Text",
};

interface TemplatePartsProps {
  kind: TemplatePartKind;
  value: TemplateTexts;
  onChange: (next: TemplateTexts) => void;
  /** Dotted names the renderer's context offers (the preview's `variables`). */
  variables: readonly string[];
  /** The same with names people read (from the field catalog), listed first. */
  variableOptions?: readonly VariableOption[];
  errors?: Partial<Record<TemplatePart, string>>;
  readOnly?: boolean;
  /** Taller text areas on a page, shorter in a drawer. */
  compact?: boolean;
  /** Show only these of the kind's parts (a step's own text has a subject and text only). */
  only?: readonly TemplatePart[];
  /** Labels instead of the defaults (`Subject`, `HTML`, `Text`). */
  labels?: Partial<Record<TemplatePart, string>>;
}

/**
 * The texts of a template (subject, HTML, text — as the kind has them) and a variable
 * picker that inserts `{{ name }}` at the caret of the part last edited.
 */
export function TemplateParts(props: TemplatePartsProps) {
  const { kind, value, onChange, errors = {}, readOnly = false, compact = false, only } = props;
  const all = partsOf(kind);
  const parts = {
    subject: all.subject && (!only || only.includes("subject")),
    body_html: all.body_html && (!only || only.includes("body_html")),
    body_text: all.body_text && (!only || only.includes("body_text")),
  };
  const labels = { ...PART_LABELS, ...props.labels };
  const refs = {
    subject: useRef<HTMLInputElement>(null),
    body_html: useRef<HTMLTextAreaElement>(null),
    body_text: useRef<HTMLTextAreaElement>(null),
  };
  const options = useMemo(
    () => withReportedNames(props.variableOptions ?? [], props.variables),
    [props.variableOptions, props.variables],
  );

  const set = (part: TemplatePart, text: string) => onChange({ ...value, [part]: text });

  function insertVariable(part: TemplatePart, snippet: string) {
    const element = refs[part].current;
    const current = value[part] ?? "";
    const start = element?.selectionStart ?? current.length;
    const end = element?.selectionEnd ?? current.length;
    const { text, caret } = insertAt(current, snippet, start, end);
    set(part, text);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(caret, caret);
    });
  }

  // Each text with its own "+ Variable" below it, inserting at its caret.
  const withPicker = (part: TemplatePart, field: ReactNode) => (
    <Stack gap={4}>
      {field}
      {!readOnly && (
        <Group justify="flex-end">
          <VariablePicker
            options={options}
            target={labels[part]}
            onInsert={(snippet) => insertVariable(part, snippet)}
          />
        </Group>
      )}
    </Stack>
  );

  const area = (part: "body_html" | "body_text", label: string, description?: string) =>
    withPicker(
      part,
      <Textarea
        ref={refs[part]}
        label={label}
        description={description}
        ff="monospace"
        autosize
        minRows={compact ? 5 : part === "body_text" && kind === "email" ? 4 : 10}
        maxRows={compact ? 14 : 30}
        value={value[part]}
        onChange={(e) => set(part, e.currentTarget.value)}
        error={errors[part]}
        readOnly={readOnly}
        spellCheck={false}
      />,
    );

  return (
    <Stack gap="sm">
      {parts.subject &&
        withPicker(
          "subject",
          <TextInput
            ref={refs.subject}
            label={labels.subject}
            required
            value={value.subject}
            onChange={(e) => set("subject", e.currentTarget.value)}
            error={errors.subject}
            readOnly={readOnly}
          />,
        )}
      {parts.body_html &&
        area(
          "body_html",
          props.labels?.body_html ?? (kind === "layout" ? "Layout HTML" : "HTML"),
          kind === "layout"
            ? "Leave {% block content %}{% endblock %} where the message goes."
            : undefined,
        )}
      {parts.body_text &&
        area(
          "body_text",
          props.labels?.body_text ?? (kind === "email" ? "Plain text" : "Text"),
          kind === "email" && parts.body_html
            ? "For mail clients that show no HTML; empty derives it from the HTML."
            : undefined,
        )}
    </Stack>
  );
}
