import { Group, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMemo, useRef, useState } from "react";
import { insertAt } from "./insert";
import { groupVariables, variableSnippet } from "./variables";

export type TemplatePart = "subject" | "body_html" | "body_text";
export type TemplateTexts = Record<TemplatePart, string>;
export type TemplatePartKind = "email" | "sms" | "letter" | "guidance" | "layout";

/** Which text parts each kind has. */
export function partsOf(kind: TemplatePartKind): Record<TemplatePart, boolean> {
  return {
    subject: kind === "email",
    body_html: kind === "email" || kind === "letter" || kind === "layout",
    body_text: kind === "email" || kind === "sms" || kind === "guidance",
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
  const firstPart: TemplatePart = parts.body_html ? "body_html" : "body_text";
  const [activePart, setActivePart] = useState<TemplatePart>(firstPart);
  const [search, setSearch] = useState("");
  const refs = {
    subject: useRef<HTMLInputElement>(null),
    body_html: useRef<HTMLTextAreaElement>(null),
    body_text: useRef<HTMLTextAreaElement>(null),
  };
  const groups = useMemo(() => groupVariables(props.variables), [props.variables]);

  // A part the kind does not show cannot be the insertion target.
  const target: TemplatePart = parts[activePart] ? activePart : firstPart;

  const set = (part: TemplatePart, text: string) => onChange({ ...value, [part]: text });

  function insertVariable(name: string) {
    const element = refs[target].current;
    const current = value[target] ?? "";
    const start = element?.selectionStart ?? current.length;
    const end = element?.selectionEnd ?? current.length;
    const { text, caret } = insertAt(current, variableSnippet(name), start, end);
    set(target, text);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(caret, caret);
    });
  }

  const area = (part: "body_html" | "body_text", label: string, description?: string) => (
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
      onFocus={() => setActivePart(part)}
      error={errors[part]}
      readOnly={readOnly}
      spellCheck={false}
    />
  );

  return (
    <Stack gap="sm">
      {parts.subject && (
        <TextInput
          ref={refs.subject}
          label={labels.subject}
          required
          value={value.subject}
          onChange={(e) => set("subject", e.currentTarget.value)}
          onFocus={() => setActivePart("subject")}
          error={errors.subject}
          readOnly={readOnly}
        />
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
      {!readOnly && (
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label={`Insert variable into ${labels[target]}`}
            description="Type to search; the variable goes where the caret was."
            placeholder="contact.first_name…"
            searchable
            value={null}
            searchValue={search}
            onSearchChange={setSearch}
            data={groups}
            onChange={(name) => {
              if (name) insertVariable(name);
              setSearch("");
            }}
            nothingFoundMessage="No such variable for this contact and event"
            disabled={groups.length === 0}
            w={320}
            maxDropdownHeight={280}
            comboboxProps={{ withinPortal: true }}
            styles={{ option: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          />
          <Text size="xs" c="dimmed" maw={320}>
            Filters: <code>| date("%d %B %Y")</code> in the contact's time zone,{" "}
            <code>| money("EUR")</code>, <code>| default("there")</code>.
          </Text>
        </Group>
      )}
    </Stack>
  );
}
