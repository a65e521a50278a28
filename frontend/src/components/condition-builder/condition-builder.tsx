import { ActionIcon, Button, Group, NumberInput, Select, TextInput } from "@mantine/core";
import { useMemo } from "react";
import {
  type ActionProps,
  type CombinatorSelectorProps,
  type FieldSelectorProps,
  type NotToggleProps,
  type OperatorSelectorProps,
  QueryBuilder,
  type RuleGroupType,
  type ValueEditorProps,
} from "react-querybuilder";
import type { ConditionGroup } from "@/types/generated/journey";
import {
  conditionToQuery,
  FACT_OPERATOR,
  FACT_RULE_TYPES,
  type FactRuleType,
  FIELD_RULE_TYPES,
  type FieldRuleType,
  isFieldRuleType,
  OPERATORS,
  parseRuleField,
  queryToCondition,
  RULE_TYPE_LABELS,
} from "./conditions";

export type RuleType = FieldRuleType | FactRuleType;
/** Names a fact rule picks from (templates, job types, queues, segments). */
export type PickerSource = "email_templates" | "job_types" | "queues" | "segments";
export type ConditionPickers = Partial<Record<PickerSource, { value: string; label: string }[]>>;

interface BuilderContext {
  pickers: ConditionPickers;
  ruleTypes: { value: RuleType; label: string }[];
}

const ALL_RULE_TYPES: RuleType[] = [...FIELD_RULE_TYPES, ...FACT_RULE_TYPES];

/** What each fact rule asks for. */
const FACT_PARAMS: Record<
  string,
  { name: string; label: string; kind: "text" | "number" | PickerSource | "comparison" }[]
> = {
  opened_email: [
    { name: "template", label: "Template", kind: "email_templates" },
    { name: "within_days", label: "Within days", kind: "number" },
  ],
  clicked_link: [
    { name: "template", label: "Template", kind: "email_templates" },
    { name: "url_contains", label: "Link contains", kind: "text" },
    { name: "within_days", label: "Within days", kind: "number" },
  ],
  received_emails: [
    { name: "comparison", label: "How many", kind: "comparison" },
    { name: "count", label: "Emails", kind: "number" },
    { name: "within_days", label: "Within days", kind: "number" },
  ],
  has_open_job: [
    { name: "job_type", label: "Job type", kind: "job_types" },
    { name: "queue", label: "Queue", kind: "queues" },
  ],
  in_segment: [{ name: "segment", label: "Segment", kind: "segments" }],
  has_tag: [{ name: "tag", label: "Tag", kind: "text" }],
};

function FieldSelector({ value = "", handleOnChange, disabled, context }: FieldSelectorProps) {
  const { type, objectType, path } = parseRuleField(value);
  const ruleTypes = (context as BuilderContext).ruleTypes;
  const change = (t: string, p: string, o = objectType) =>
    handleOnChange(
      isFieldRuleType(t) ? (t === "object_field" ? `${t}:${o ?? ""}:${p}` : `${t}:${p}`) : t,
    );
  return (
    <Group gap={4} wrap="nowrap">
      <Select
        aria-label="Rule"
        size="xs"
        w={150}
        data={ruleTypes}
        value={type || null}
        allowDeselect={false}
        disabled={disabled}
        onChange={(t) => change(t ?? "contact_field", isFieldRuleType(t ?? "") ? path : "")}
      />
      {type === "object_field" && (
        <TextInput
          aria-label="Object type"
          size="xs"
          w={80}
          placeholder="order"
          value={objectType ?? ""}
          disabled={disabled}
          onChange={(e) => change(type, path, e.currentTarget.value)}
        />
      )}
      {isFieldRuleType(type) && (
        <TextInput
          aria-label="Field"
          size="xs"
          w={140}
          placeholder="contact.region"
          value={path}
          disabled={disabled}
          onChange={(e) => change(type, e.currentTarget.value)}
        />
      )}
    </Group>
  );
}

function OperatorSelector({
  value,
  options,
  handleOnChange,
  disabled,
  rule,
}: OperatorSelectorProps) {
  if (!isFieldRuleType(parseRuleField(rule.field).type)) return null;
  const data = options.flatMap((o) => ("name" in o ? [{ value: o.name, label: o.label }] : []));
  return (
    <Select
      aria-label="Operator"
      size="xs"
      w={150}
      data={data}
      value={value ?? null}
      allowDeselect={false}
      disabled={disabled}
      onChange={(v) => handleOnChange(v)}
    />
  );
}

function ValueEditor(props: ValueEditorProps) {
  const { value, handleOnChange, operator, rule, disabled, context } = props;
  const type = parseRuleField(rule.field).type;
  const pickers = (context as BuilderContext).pickers;
  if (isFieldRuleType(type)) {
    if (operator === "is_set" || operator === "is_not_set") return null;
    const text = Array.isArray(value) ? value.join(", ") : (value ?? "");
    return (
      <TextInput
        aria-label="Value"
        size="xs"
        w={130}
        placeholder={operator === "in" ? "a, b, c" : "value"}
        value={String(text)}
        disabled={disabled}
        onChange={(e) => {
          const raw = e.currentTarget.value;
          if (operator === "in")
            handleOnChange(
              raw
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            );
          else if (
            raw !== "" &&
            !Number.isNaN(Number(raw)) &&
            operator !== "equals" &&
            operator !== "not_equals" &&
            operator !== "contains"
          )
            handleOnChange(Number(raw));
          else handleOnChange(raw);
        }}
      />
    );
  }
  const params = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const set = (name: string, v: unknown) => {
    const next = { ...params };
    if (v === "" || v === null || v === undefined) delete next[name];
    else next[name] = v;
    handleOnChange(next);
  };
  return (
    <Group gap={4} wrap="wrap">
      {(FACT_PARAMS[type] ?? []).map((param) => {
        const current = params[param.name];
        if (param.kind === "number")
          return (
            <NumberInput
              key={param.name}
              aria-label={param.label}
              placeholder={param.label}
              size="xs"
              w={100}
              min={0}
              value={typeof current === "number" ? current : ""}
              disabled={disabled}
              onChange={(v) => set(param.name, v === "" ? undefined : Number(v))}
            />
          );
        if (param.kind === "text")
          return (
            <TextInput
              key={param.name}
              aria-label={param.label}
              placeholder={param.label}
              size="xs"
              w={120}
              value={typeof current === "string" ? current : ""}
              disabled={disabled}
              onChange={(e) => set(param.name, e.currentTarget.value)}
            />
          );
        const data =
          param.kind === "comparison"
            ? [
                { value: "at_least", label: "at least" },
                { value: "at_most", label: "at most" },
                { value: "exactly", label: "exactly" },
              ]
            : (pickers[param.kind] ?? []);
        return (
          <Select
            key={param.name}
            aria-label={param.label}
            placeholder={param.label}
            size="xs"
            w={140}
            data={
              current && !data.some((d) => d.value === current)
                ? [...data, { value: String(current), label: String(current) }]
                : data
            }
            value={typeof current === "string" ? current : null}
            searchable
            clearable
            disabled={disabled}
            onChange={(v) => set(param.name, v)}
          />
        );
      })}
    </Group>
  );
}

function CombinatorSelector({ value, handleOnChange, disabled }: CombinatorSelectorProps) {
  return (
    <Select
      aria-label="Match"
      size="xs"
      w={110}
      data={[
        { value: "and", label: "All of" },
        { value: "or", label: "Any of" },
      ]}
      value={value ?? "and"}
      allowDeselect={false}
      disabled={disabled}
      onChange={(v) => handleOnChange(v ?? "and")}
    />
  );
}

function NotToggle({ checked, handleOnChange, disabled }: NotToggleProps) {
  return (
    <Button
      size="compact-xs"
      variant={checked ? "filled" : "default"}
      color="red"
      disabled={disabled}
      onClick={() => handleOnChange(!checked)}
      aria-pressed={!!checked}
    >
      Not
    </Button>
  );
}

function ActionButton({ label, title, handleOnClick, disabled, className }: ActionProps) {
  const remove = className?.includes("remove");
  if (remove)
    return (
      <ActionIcon
        size="sm"
        variant="subtle"
        color="red"
        aria-label={title ?? "Remove"}
        onClick={(e) => handleOnClick(e)}
        disabled={disabled}
      >
        ×
      </ActionIcon>
    );
  return (
    <Button size="compact-xs" variant="light" onClick={(e) => handleOnClick(e)} disabled={disabled}>
      {label}
    </Button>
  );
}

const CONTROLS = {
  fieldSelector: FieldSelector,
  operatorSelector: OperatorSelector,
  valueEditor: ValueEditor,
  combinatorSelector: CombinatorSelector,
  notToggle: NotToggle,
  addRuleAction: ActionButton,
  addGroupAction: ActionButton,
  removeRuleAction: ActionButton,
  removeGroupAction: ActionButton,
};

const TRANSLATIONS = {
  addRule: { label: "+ Rule", title: "Add a rule" },
  addGroup: { label: "+ Group", title: "Add a group" },
  removeRule: { label: "×", title: "Remove this rule" },
  removeGroup: { label: "×", title: "Remove this group" },
};

interface ConditionBuilderProps {
  value: ConditionGroup | null | undefined;
  /** Called on a person's edit only, never on the builder's first render. */
  onChange: (group: ConditionGroup) => void;
  /** Options for the fact rules' pickers (templates, job types, queues, segments). */
  pickers: ConditionPickers;
  /** The rule types offered (all by default); a segment leaves out journey-only ones. */
  ruleTypes?: RuleType[];
  disabled?: boolean;
}

/**
 * The conditions journeys and segments share, edited with react-querybuilder; the
 * mapping to our ConditionGroup lives in `conditions.ts`.
 */
export function ConditionBuilder({
  value,
  onChange,
  pickers,
  ruleTypes = ALL_RULE_TYPES,
  disabled = false,
}: ConditionBuilderProps) {
  const query = useMemo(() => conditionToQuery(value), [value]);
  const context = useMemo<BuilderContext>(
    () => ({
      pickers,
      ruleTypes: ruleTypes.map((t) => ({ value: t, label: RULE_TYPE_LABELS[t] })),
    }),
    [pickers, ruleTypes],
  );
  return (
    <QueryBuilder
      query={query}
      // Only a person's edit changes the value: never the builder's first render.
      enableMountQueryChange={false}
      onQueryChange={(q: RuleGroupType) => onChange(queryToCondition(q))}
      fields={[{ name: "contact_field:", label: "Contact field" }]}
      operators={OPERATORS}
      getOperators={(field) =>
        isFieldRuleType(parseRuleField(field).type)
          ? OPERATORS
          : [{ name: FACT_OPERATOR, label: "is" }]
      }
      getDefaultOperator={(field) =>
        isFieldRuleType(parseRuleField(field).type) ? "equals" : FACT_OPERATOR
      }
      getDefaultValue={(rule) => (isFieldRuleType(parseRuleField(rule.field).type) ? "" : {})}
      controlElements={CONTROLS}
      translations={TRANSLATIONS}
      showNotToggle
      disabled={disabled}
      context={context}
    />
  );
}
