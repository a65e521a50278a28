/**
 * The inspector's date and time widgets: a time of day, weekdays as toggles, a time zone
 * list, a date field with suggestions, and a cron expression read back in words.
 */

import { Autocomplete, Chip, Group, Input, Select, Text, TextInput } from "@mantine/core";
import { TimeInput } from "@mantine/dates";
import type { RegistryWidgetsType, WidgetProps } from "@rjsf/utils";
import { useMemo } from "react";
import {
  DATE_FIELD_SUGGESTIONS,
  describeCron,
  timeZoneOptions,
  WEEKDAYS,
} from "../../model/time-expressions";
import { richText } from "../rich-text";

const errorOf = (rawErrors: string[] | undefined) =>
  rawErrors?.length ? rawErrors.join(", ") : undefined;

/** 24-hour time of day, typed or picked with the browser's own time field. */
function TimeOfDayWidget(props: WidgetProps) {
  const { id, label, value, required, onChange, rawErrors, schema, disabled, readonly } = props;
  return (
    <TimeInput
      id={id}
      label={label}
      required={required}
      description={richText(schema.description)}
      error={errorOf(rawErrors)}
      disabled={disabled || readonly}
      value={typeof value === "string" ? value : ""}
      // The browser field may carry seconds; the engine wants HH:MM.
      onChange={(e) =>
        onChange(e.currentTarget.value ? e.currentTarget.value.slice(0, 5) : undefined)
      }
    />
  );
}

/** Weekdays as seven toggles; none chosen means any day. */
function WeekdaysWidget(props: WidgetProps) {
  const { id, label, value, onChange, schema, disabled, readonly } = props;
  const chosen: string[] = Array.isArray(value) ? value : [];
  const order = WEEKDAYS.map((d) => d.value as string);
  return (
    <Input.Wrapper id={id} label={label} description={richText(schema.description)}>
      <Chip.Group
        multiple
        value={chosen}
        onChange={(next) => onChange(order.filter((d) => next.includes(d)))}
      >
        <Group gap={4} mt={4} role="group" aria-label={label}>
          {WEEKDAYS.map((d) => (
            <Chip
              key={d.value}
              value={d.value}
              size="xs"
              disabled={disabled || readonly}
              aria-label={d.long}
            >
              {d.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </Input.Wrapper>
  );
}

/** The contact's own zone, UTC, or any zone the browser knows (searchable). */
function TimeZoneWidget(props: WidgetProps) {
  const { id, label, value, onChange, rawErrors, schema, disabled, readonly } = props;
  const options = useMemo(timeZoneOptions, []);
  const current = typeof value === "string" ? value : "contact";
  const data = options.some((o) => o.value === current)
    ? options
    : [...options, { value: current, label: current }];
  return (
    <Select
      id={id}
      label={label}
      description={richText(schema.description)}
      error={errorOf(rawErrors)}
      disabled={disabled || readonly}
      data={data}
      value={current}
      searchable
      allowDeselect={false}
      limit={50}
      nothingFoundMessage="No such time zone"
      onChange={(v) => onChange(v ?? "contact")}
    />
  );
}

/** A dotted path to a date in the data, with the usual ones suggested. */
function DateFieldWidget(props: WidgetProps) {
  const { id, label, value, required, onChange, rawErrors, schema, disabled, readonly } = props;
  return (
    <Autocomplete
      id={id}
      label={label}
      required={required}
      description={richText(schema.description)}
      error={errorOf(rawErrors)}
      disabled={disabled || readonly}
      data={DATE_FIELD_SUGGESTIONS}
      value={typeof value === "string" ? value : ""}
      placeholder="e.g. object.starts_at"
      onChange={(v) => onChange(v === "" ? undefined : v)}
    />
  );
}

/** A cron expression, read back in words under the field (or what is wrong with it). */
function CronWidget(props: WidgetProps) {
  const { id, label, value, required, onChange, rawErrors, schema, disabled, readonly } = props;
  const text = typeof value === "string" ? value : "";
  const reading = text.trim() ? describeCron(text) : null;
  const problem = reading && "error" in reading ? reading.error : undefined;
  return (
    <div>
      <TextInput
        id={id}
        label={label}
        required={required}
        description={richText(schema.description)}
        error={errorOf(rawErrors) ?? problem}
        disabled={disabled || readonly}
        value={text}
        placeholder="0 9 * * 1"
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        onChange={(e) => onChange(e.currentTarget.value === "" ? undefined : e.currentTarget.value)}
      />
      {reading && "text" in reading && (
        <Text size="xs" mt={4} aria-live="polite" data-testid="cron-reading">
          {reading.text}
        </Text>
      )}
    </div>
  );
}

export const timeWidgets: RegistryWidgetsType = {
  timeOfDay: TimeOfDayWidget,
  weekdays: WeekdaysWidget,
  timeZone: TimeZoneWidget,
  dateField: DateFieldWidget,
  cron: CronWidget,
};
