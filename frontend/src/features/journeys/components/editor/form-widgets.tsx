/**
 * The inspector's custom widgets, used only where the generated form is not good enough:
 * names from the catalog, durations, and the condition builder (condition-field.tsx).
 */
import { Autocomplete, Button, Group, Input, NumberInput, Select, Stack } from "@mantine/core";
import type { FieldProps, RegistryFieldsType, RegistryWidgetsType, WidgetProps } from "@rjsf/utils";
import { channelWord, TEMPLATE_CHANNELS } from "@/lib/channels";
import type { Duration } from "@/types/generated/journey";
import type { PickerSource } from "../../model/node-schemas";
import type { StepTemplateKind } from "../../model/template-context";
import type { ApiCatalog } from "../../types";
import { richText } from "../rich-text";
import { ConditionField } from "./condition-field";
import { TemplateTextWidget } from "./template-text-widget";
import { timeWidgets } from "./time-widgets";

export interface InspectorContext {
  catalog: ApiCatalog | null;
  /** The kind of the step whose form this is. */
  nodeKind?: string;
  /** The events an "event property" rule of this step reads (null: the journey's). */
  currentEvents?: string[] | null;
  /** Open the template editor drawer on a saved template (`name`) or a new one (null). */
  openTemplate?: (kind: StepTemplateKind, name: string | null) => void;
}

// A template picker's source (`email_templates`) names its channel.
const TEMPLATE_KINDS = Object.fromEntries(
  TEMPLATE_CHANNELS.map((channel) => [`${channel}_templates`, channel]),
) as Partial<Record<PickerSource, StepTemplateKind>>;

export function pickerOptions(catalog: ApiCatalog | null, source: PickerSource) {
  if (!catalog) return [];
  if (source === "event_names") return catalog.event_names.map((n) => ({ value: n, label: n }));
  return (catalog[source] ?? []).map((item) => ({
    value: item.name,
    label: item.label && item.label !== item.name ? `${item.label} (${item.name})` : item.name,
  }));
}

/** A name from the catalog: a searchable list; event names also take a new name. */
function PickerWidget(props: WidgetProps) {
  const {
    id,
    label,
    value,
    required,
    onChange,
    options,
    registry,
    rawErrors,
    schema,
    disabled,
    readonly,
  } = props;
  const source = options.source as PickerSource;
  const context = registry.formContext as InspectorContext | undefined;
  const catalog = context?.catalog ?? null;
  const data = pickerOptions(catalog, source);
  const common = {
    id,
    label,
    required,
    description: richText(schema.description),
    error: rawErrors?.length ? rawErrors.join(", ") : undefined,
    disabled: disabled || readonly,
  };
  if (source === "event_names") {
    return (
      <Autocomplete
        {...common}
        data={data.map((d) => d.value)}
        value={value ?? ""}
        onChange={(v) => onChange(v === "" ? undefined : v)}
        placeholder="e.g. order.placed"
      />
    );
  }
  // A saved value missing from the catalog stays visible, so validation can point at it.
  const withCurrent =
    value && !data.some((d) => d.value === value)
      ? [...data, { value, label: `${value} (unknown)` }]
      : data;
  const select = (
    <Select
      {...common}
      data={withCurrent}
      value={value ?? null}
      onChange={(v) => onChange(v ?? undefined)}
      searchable
      clearable={!required}
      clearButtonProps={{ "aria-label": `Clear ${label}` }}
      placeholder="Choose…"
      nothingFoundMessage="Nothing in the catalog"
    />
  );
  const templateKind = TEMPLATE_KINDS[source];
  const openTemplate = context?.openTemplate;
  if (!templateKind || !openTemplate) return select;
  // Next to a template picker: edit the chosen template, or write a new one for this step.
  return (
    <Stack gap={6}>
      {select}
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          disabled={!value}
          onClick={() => openTemplate(templateKind, value ?? null)}
        >
          {readonly ? "View" : "Edit"} {channelWord(templateKind)} template
        </Button>
        {!readonly && (
          <Button size="xs" variant="default" onClick={() => openTemplate(templateKind, null)}>
            New {channelWord(templateKind)} template
          </Button>
        )}
      </Group>
    </Stack>
  );
}

const UNITS = [
  { value: "minutes", label: "minutes" },
  { value: "hours", label: "hours" },
  { value: "days", label: "days" },
  { value: "weeks", label: "weeks" },
];

/** A duration as amount + unit on one line; clearing the amount unsets an optional one. */
function DurationField(props: FieldProps<Duration | undefined>) {
  const { formData, onChange, fieldPathId, schema, required, name, disabled, readonly } = props;
  const id = fieldPathId.$id;
  const title = (schema.title as string | undefined) ?? name;
  const set = (next: Duration | undefined) => onChange(next, fieldPathId.path);
  return (
    <Input.Wrapper
      label={title}
      required={required}
      description={richText(schema.description)}
      id={id}
    >
      <Group gap="xs" wrap="nowrap" mt={4}>
        <NumberInput
          id={`${id}-amount`}
          aria-label={`${title}: amount`}
          value={formData?.amount ?? ""}
          min={1}
          max={10000}
          allowDecimal={false}
          w={100}
          disabled={disabled || readonly}
          onChange={(v) =>
            set(v === "" ? undefined : { amount: Number(v), unit: formData?.unit ?? "days" })
          }
        />
        <Select
          aria-label={`${title}: unit`}
          data={UNITS}
          value={formData?.unit ?? "days"}
          allowDeselect={false}
          w={120}
          disabled={disabled || readonly}
          onChange={(u) =>
            set({ amount: formData?.amount ?? 1, unit: (u ?? "days") as Duration["unit"] })
          }
        />
      </Group>
    </Input.Wrapper>
  );
}

export const inspectorWidgets: RegistryWidgetsType = {
  picker: PickerWidget,
  templateText: TemplateTextWidget,
  ...timeWidgets,
};
export const inspectorFields: RegistryFieldsType = {
  duration: DurationField,
  condition: ConditionField,
};
