import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import type { EventHistoryRule, PropertyFilter } from "@/types/generated/journey";
import classes from "./condition-builder.module.css";
import { OPERATORS } from "./conditions";
import {
  eventOptions,
  type FieldChoices,
  fieldOptions,
  findField,
  operatorsFor,
  parseValue,
} from "./field-choices";

export type HistorySince = NonNullable<EventHistoryRule["since"]>;
type Params = Partial<Omit<EventHistoryRule, "type">>;

const UNITS = [
  { value: "minutes", label: "minutes" },
  { value: "hours", label: "hours" },
  { value: "days", label: "days" },
  { value: "weeks", label: "weeks" },
];

const SINCE = [
  { value: "journey_entry", label: "since entering this journey" },
  { value: "period", label: "in the last…" },
  { value: "ever", label: "ever" },
];

/** The rule's parameters with defaults left out, as the backend encodes them. */
export function compactHistory(params: Params): Params {
  const out: Params = { ...params };
  if (out.done !== false) delete out.done;
  if (out.comparison === "at_least") delete out.comparison;
  if (out.count === 1) delete out.count;
  if (out.since !== "period") delete out.period;
  if (!out.where?.length) delete out.where;
  return out;
}

/**
 * "Has (not) done <event> [at least N times] <since entering / in the last … / ever>
 * [where <property> <comparison> <value>]" — every part picked, none typed as code.
 */
export function EventHistoryEditor(props: {
  value: Record<string, unknown>;
  onChange: (next: Params) => void;
  choices: FieldChoices;
  disabled?: boolean;
}) {
  const { choices, disabled } = props;
  const value = props.value as Params;
  const set = (changes: Params) => props.onChange(compactHistory({ ...value, ...changes }));
  const done = value.done !== false;
  const since = value.since ?? "ever";
  const where = (value.where ?? []) as PropertyFilter[];
  const properties = value.event_name ? (choices.events[value.event_name] ?? []) : [];
  const setWhere = (next: PropertyFilter[]) => set({ where: next as Params["where"] });

  return (
    <Stack gap={4} className={classes.grow}>
      <Group gap={4} wrap="wrap">
        <Select
          aria-label="Has done or not"
          size="xs"
          w={130}
          data={[
            { value: "done", label: "has done" },
            { value: "not_done", label: "has not done" },
          ]}
          value={done ? "done" : "not_done"}
          allowDeselect={false}
          disabled={disabled}
          comboboxProps={{ withinPortal: true }}
          onChange={(v) =>
            set(
              v === "not_done" ? { done: false, comparison: "at_least", count: 1 } : { done: true },
            )
          }
        />
        <Select
          aria-label="Event"
          size="xs"
          className={classes.grow}
          placeholder="Choose an event…"
          data={eventOptions(choices, value.event_name)}
          value={value.event_name || null}
          searchable
          allowDeselect={false}
          disabled={disabled}
          nothingFoundMessage="No such event seen yet"
          comboboxProps={{ withinPortal: true }}
          onChange={(name) => set({ event_name: name ?? "", where: [] as Params["where"] })}
        />
      </Group>
      <Group gap={4} wrap="wrap" align="center">
        {done && (
          <>
            <Select
              aria-label="How many times"
              size="xs"
              w={100}
              data={[
                { value: "at_least", label: "at least" },
                { value: "at_most", label: "at most" },
                { value: "exactly", label: "exactly" },
              ]}
              value={value.comparison ?? "at_least"}
              allowDeselect={false}
              disabled={disabled}
              comboboxProps={{ withinPortal: true }}
              onChange={(v) => set({ comparison: (v ?? "at_least") as Params["comparison"] })}
            />
            <NumberInput
              aria-label="Times"
              size="xs"
              w={90}
              min={0}
              max={1000}
              allowDecimal={false}
              suffix={(value.count ?? 1) === 1 ? " time" : " times"}
              value={value.count ?? 1}
              disabled={disabled}
              onChange={(v) => set({ count: v === "" ? 1 : Number(v) })}
            />
          </>
        )}
        <Select
          aria-label="Counted"
          size="xs"
          w={200}
          data={SINCE}
          value={since}
          allowDeselect={false}
          disabled={disabled}
          comboboxProps={{ withinPortal: true }}
          onChange={(v) => {
            const next = (v ?? "ever") as HistorySince;
            set({
              since: next,
              period: next === "period" ? (value.period ?? { amount: 7, unit: "days" }) : undefined,
            });
          }}
        />
        {since === "period" && (
          <>
            <NumberInput
              aria-label="Period: how many"
              size="xs"
              w={70}
              min={1}
              max={10000}
              allowDecimal={false}
              value={value.period?.amount ?? 7}
              disabled={disabled}
              onChange={(v) =>
                set({
                  period: { amount: v === "" ? 1 : Number(v), unit: value.period?.unit ?? "days" },
                })
              }
            />
            <Select
              aria-label="Period: unit"
              size="xs"
              w={100}
              data={UNITS}
              value={value.period?.unit ?? "days"}
              allowDeselect={false}
              disabled={disabled}
              comboboxProps={{ withinPortal: true }}
              onChange={(u) =>
                set({
                  period: {
                    amount: value.period?.amount ?? 7,
                    unit: (u ?? "days") as NonNullable<Params["period"]>["unit"],
                  },
                })
              }
            />
          </>
        )}
      </Group>
      {where.map((filter, index) => {
        const type = findField(properties, filter.property)?.type;
        const operators = operatorsFor(type);
        const unary = filter.operator === "is_set" || filter.operator === "is_not_set";
        const replace = (changes: Partial<PropertyFilter>) =>
          setWhere(
            where.map((f, i) => {
              if (i !== index) return f;
              const next = { ...f, ...changes };
              if (next.operator === "is_set" || next.operator === "is_not_set") delete next.value;
              return next;
            }),
          );
        return (
          <Group
            // biome-ignore lint/suspicious/noArrayIndexKey: filters have no id of their own
            key={index}
            gap={4}
            wrap="wrap"
            pl="sm"
            className={classes.where}
          >
            <Text size="xs" c="dimmed">
              where
            </Text>
            <Select
              aria-label="Event property"
              size="xs"
              w={150}
              placeholder="Property…"
              data={fieldOptions(properties, filter.property || null, {
                builtIn: "Properties",
                custom: "Properties",
              })}
              value={filter.property || null}
              searchable
              allowDeselect={false}
              disabled={disabled}
              comboboxProps={{ withinPortal: true }}
              onChange={(p) => replace({ property: p ?? "" })}
            />
            <Select
              aria-label="Property comparison"
              size="xs"
              w={140}
              data={operators.map((o) => ({ value: o.name, label: o.label }))}
              value={filter.operator}
              allowDeselect={false}
              disabled={disabled}
              comboboxProps={{ withinPortal: true }}
              onChange={(op) =>
                replace({ operator: (op ?? "equals") as PropertyFilter["operator"] })
              }
            />
            {!unary && (
              <TextInput
                aria-label="Property value"
                size="xs"
                w={120}
                value={
                  Array.isArray(filter.value) ? filter.value.join(", ") : String(filter.value ?? "")
                }
                disabled={disabled}
                onChange={(e) =>
                  replace({
                    value: parseValue(
                      e.currentTarget.value,
                      filter.operator,
                      type,
                    ) as PropertyFilter["value"],
                  })
                }
              />
            )}
            <ActionIcon
              size="sm"
              variant="subtle"
              color="red"
              aria-label="Remove this property filter"
              disabled={disabled}
              onClick={() => setWhere(where.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          </Group>
        );
      })}
      {value.event_name && where.length < 10 && (
        <Button
          size="compact-xs"
          variant="subtle"
          w="fit-content"
          disabled={disabled}
          onClick={() =>
            setWhere([
              ...where,
              {
                property: properties[0]?.path ?? "",
                operator: OPERATORS[0]?.name ?? "equals",
                value: "",
              },
            ])
          }
        >
          + Only events where a property…
        </Button>
      )}
    </Stack>
  );
}
