import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  NumberInput,
  Select,
  TagsInput,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useMemo, useState } from "react";
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
import classes from "./condition-builder.module.css";
import {
  conditionToQuery,
  FACT_OPERATOR,
  FACT_RULE_TYPES,
  type FactRuleType,
  FIELD_RULE_TYPES,
  type FieldRuleType,
  isFieldRuleType,
  parseRuleField,
  queryToCondition,
  RULE_TYPE_LABELS,
} from "./conditions";
import { EventHistoryEditor, type HistorySince } from "./event-history-editor";
import {
  contactPath,
  type FieldChoices,
  type FieldInfo,
  type FieldType,
  fieldOptions,
  findField,
  NO_CHOICES,
  objectFields,
  objectKindOptions,
  operatorsFor,
  parseValue,
} from "./field-choices";

export type RuleType = FieldRuleType | FactRuleType;
/** Names a fact rule picks from (templates, job types, queues, segments). */
export type PickerSource = "email_templates" | "job_types" | "queues" | "segments";
export type ConditionPickers = Partial<Record<PickerSource, { value: string; label: string }[]>>;

interface BuilderContext {
  pickers: ConditionPickers;
  ruleTypes: { value: RuleType; label: string }[];
  choices: FieldChoices;
  defaultSince: HistorySince;
}

const ALL_RULE_TYPES: RuleType[] = [
  ...FACT_RULE_TYPES.slice(0, 1),
  ...FIELD_RULE_TYPES,
  ...FACT_RULE_TYPES.slice(1),
];

/** What each fact rule asks for ("did an event" has an editor of its own). */
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

/** The fields a field rule of `type` picks from. */
function fieldsOf(choices: FieldChoices, type: string, objectType?: string): FieldInfo[] {
  if (type === "contact_field") return choices.contact;
  if (type === "event_property") return choices.currentEvent;
  if (type === "object_field") return objectFields(choices, objectType);
  return [];
}

/** The type of the field a rule names, when the catalog knows it. */
function fieldTypeOf(choices: FieldChoices, field: string): FieldType | undefined {
  const { type, objectType, path } = parseRuleField(field);
  const wanted = type === "contact_field" ? contactPath(path) : path;
  return findField(fieldsOf(choices, type, objectType), wanted)?.type;
}

function FieldSelector({ value = "", handleOnChange, disabled, context }: FieldSelectorProps) {
  const { type, objectType, path } = parseRuleField(value);
  const { ruleTypes, choices } = context as BuilderContext;
  const [typing, setTyping] = useState(false);
  const change = (t: string, p: string, o = objectType) =>
    handleOnChange(
      isFieldRuleType(t) ? (t === "object_field" ? `${t}:${o ?? ""}:${p}` : `${t}:${p}`) : t,
    );
  const fields = fieldsOf(choices, type, objectType);
  const shownPath = type === "contact_field" ? contactPath(path) : path;
  // A picker when the catalog has fields to offer; a path typed in only when asked for.
  const picker =
    type === "variable" ? (
      <Autocomplete
        aria-label="Variable"
        size="xs"
        className={classes.grow}
        placeholder="job.outcome"
        data={choices.variables}
        value={path}
        disabled={disabled}
        onChange={(v) => change(type, v)}
      />
    ) : typing || (fields.length === 0 && !(type === "object_field" && !objectType)) ? (
      <TextInput
        aria-label="Field path"
        size="xs"
        className={classes.grow}
        placeholder={type === "event_property" ? "total" : "region"}
        value={shownPath}
        disabled={disabled}
        onChange={(e) => change(type, e.currentTarget.value)}
      />
    ) : (
      <Select
        aria-label="Field"
        size="xs"
        className={classes.grow}
        placeholder="Choose a field…"
        data={fieldOptions(fields, shownPath || null)}
        value={shownPath || null}
        searchable
        allowDeselect={false}
        disabled={disabled || (type === "object_field" && !objectType)}
        nothingFoundMessage="No such field"
        comboboxProps={{ withinPortal: true }}
        onChange={(p) => change(type, p ?? "")}
      />
    );
  return (
    <Group gap={4} wrap="wrap" className={classes.field}>
      <Select
        aria-label="Rule"
        size="xs"
        w={170}
        data={ruleTypes}
        value={type || null}
        allowDeselect={false}
        disabled={disabled}
        comboboxProps={{ withinPortal: true }}
        onChange={(t) => change(t ?? "contact_field", isFieldRuleType(t ?? "") ? path : "")}
      />
      {type === "object_field" && (
        <Select
          aria-label="Object"
          size="xs"
          w={120}
          placeholder="Order…"
          data={objectKindOptions(choices, objectType || undefined)}
          value={objectType || null}
          allowDeselect={false}
          disabled={disabled}
          comboboxProps={{ withinPortal: true }}
          onChange={(o) => change(type, "", o ?? "")}
        />
      )}
      {isFieldRuleType(type) && picker}
      {isFieldRuleType(type) && type !== "variable" && fields.length > 0 && (
        <Tooltip label={typing ? "Pick from the list" : "Type a field path instead (advanced)"}>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="gray"
            aria-label={typing ? "Pick the field from the list" : "Type a field path instead"}
            aria-pressed={typing}
            disabled={disabled}
            onClick={() => setTyping(!typing)}
          >
            {typing ? "☰" : "✎"}
          </ActionIcon>
        </Tooltip>
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
      aria-label="Comparison"
      size="xs"
      w={160}
      data={data}
      value={value ?? null}
      allowDeselect={false}
      disabled={disabled}
      comboboxProps={{ withinPortal: true }}
      onChange={(v) => handleOnChange(v)}
    />
  );
}

function FieldValueEditor(props: ValueEditorProps & { fieldType: FieldType | undefined }) {
  const { value, handleOnChange, operator, disabled, fieldType: type } = props;
  if (operator === "is_set" || operator === "is_not_set") return null;
  if (type === "boolean")
    return (
      <Select
        aria-label="Value"
        size="xs"
        w={100}
        data={[
          { value: "true", label: "yes" },
          { value: "false", label: "no" },
        ]}
        value={value === true ? "true" : value === false ? "false" : null}
        allowDeselect={false}
        disabled={disabled}
        onChange={(v) => handleOnChange(v === "true")}
      />
    );
  if (operator === "in")
    return (
      <TagsInput
        aria-label="Values"
        size="xs"
        className={classes.grow}
        placeholder="Type a value, press Enter"
        value={Array.isArray(value) ? value.map(String) : []}
        disabled={disabled}
        onChange={(items) =>
          handleOnChange(
            type === "number" ? items.map((v) => Number(v)).filter((n) => !Number.isNaN(n)) : items,
          )
        }
      />
    );
  if (operator === "within_last_days" || type === "number")
    return (
      <NumberInput
        aria-label={operator === "within_last_days" ? "Days" : "Value"}
        size="xs"
        w={110}
        value={typeof value === "number" ? value : ""}
        disabled={disabled}
        min={operator === "within_last_days" ? 1 : undefined}
        suffix={operator === "within_last_days" ? " days" : undefined}
        onChange={(v) => handleOnChange(v === "" ? null : Number(v))}
      />
    );
  if (type === "date" && (operator === "before" || operator === "after"))
    return (
      <TextInput
        aria-label="Date"
        type="date"
        size="xs"
        w={150}
        value={typeof value === "string" ? value.slice(0, 10) : ""}
        disabled={disabled}
        onChange={(e) => handleOnChange(e.currentTarget.value)}
      />
    );
  return (
    <TextInput
      aria-label="Value"
      size="xs"
      className={classes.grow}
      placeholder="value"
      value={Array.isArray(value) ? value.join(", ") : String(value ?? "")}
      disabled={disabled}
      onChange={(e) => handleOnChange(parseValue(e.currentTarget.value, operator, type))}
    />
  );
}

function ValueEditor(props: ValueEditorProps) {
  const { value, handleOnChange, rule, disabled, context } = props;
  const type = parseRuleField(rule.field).type;
  const { pickers, choices } = context as BuilderContext;
  if (isFieldRuleType(type))
    return <FieldValueEditor {...props} fieldType={fieldTypeOf(choices, rule.field)} />;
  const params = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  if (type === "event_history")
    return (
      <EventHistoryEditor
        value={params}
        onChange={handleOnChange}
        choices={choices}
        disabled={disabled}
      />
    );
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
            comboboxProps={{ withinPortal: true }}
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

const CLASSNAMES = {
  queryBuilder: classes.builder,
  ruleGroup: classes.group,
  header: classes.header,
  body: classes.body,
  rule: classes.rule,
};

interface ConditionBuilderProps {
  value: ConditionGroup | null | undefined;
  /** Called on a person's edit only, never on the builder's first render. */
  onChange: (group: ConditionGroup) => void;
  /** Options for the fact rules' pickers (templates, job types, queues, segments). */
  pickers: ConditionPickers;
  /** Fields, events and variables to pick from instead of typing paths. */
  choices?: FieldChoices;
  /** The rule types offered (all by default); a segment leaves out journey-only ones. */
  ruleTypes?: RuleType[];
  /** What a new "did an event" rule counts: since entering (journeys) or ever. */
  defaultSince?: HistorySince;
  disabled?: boolean;
}

/**
 * The conditions journeys and segments share, edited with react-querybuilder; the
 * mapping to our ConditionGroup lives in `conditions.ts`, the choices in `field-choices.ts`.
 */
export function ConditionBuilder({
  value,
  onChange,
  pickers,
  choices = NO_CHOICES,
  ruleTypes = ALL_RULE_TYPES,
  defaultSince = "ever",
  disabled = false,
}: ConditionBuilderProps) {
  const query = useMemo(() => conditionToQuery(value), [value]);
  const context = useMemo<BuilderContext>(
    () => ({
      pickers,
      choices,
      defaultSince,
      ruleTypes: ruleTypes.map((t) => ({ value: t, label: RULE_TYPE_LABELS[t] })),
    }),
    [pickers, choices, ruleTypes, defaultSince],
  );
  const firstType = ruleTypes[0] ?? "contact_field";
  return (
    <QueryBuilder
      query={query}
      // Only a person's edit changes the value: never the builder's first render.
      enableMountQueryChange={false}
      onQueryChange={(q: RuleGroupType) => onChange(queryToCondition(q))}
      fields={[{ name: isFieldRuleType(firstType) ? `${firstType}:` : firstType, label: "Rule" }]}
      getOperators={(field) =>
        isFieldRuleType(parseRuleField(field).type)
          ? operatorsFor(fieldTypeOf(choices, field))
          : [{ name: FACT_OPERATOR, label: "is" }]
      }
      getDefaultOperator={(field) => {
        if (!isFieldRuleType(parseRuleField(field).type)) return FACT_OPERATOR;
        return operatorsFor(fieldTypeOf(choices, field))[0]?.name ?? "equals";
      }}
      getDefaultValue={(rule) => {
        const type = parseRuleField(rule.field).type;
        if (isFieldRuleType(type))
          return fieldTypeOf(choices, rule.field) === "boolean" ? true : "";
        if (type === "event_history") return { since: defaultSince };
        return {};
      }}
      controlElements={CONTROLS}
      controlClassnames={CLASSNAMES}
      translations={TRANSLATIONS}
      showNotToggle
      disabled={disabled}
      context={context}
    />
  );
}
