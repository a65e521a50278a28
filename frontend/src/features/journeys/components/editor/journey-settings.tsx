import { Group, Input, MultiSelect, NumberInput, Radio, Select, Stack, Text } from "@mantine/core";
import { useMemo } from "react";
import { ConditionBuilder } from "@/components/condition-builder/condition-builder";
import { eventLabel } from "@/components/condition-builder/field-choices";
import type { Duration, JourneySettings, Reentry } from "@/types/generated/journey";
import { useEditorStore } from "../../store/editor-store";
import type { ApiCatalog } from "../../types";
import { pickerOptions } from "./form-widgets";
import { useFieldChoices } from "./use-field-choices";

const UNITS = [
  { value: "hours", label: "hours" },
  { value: "days", label: "days" },
  { value: "weeks", label: "weeks" },
];

/** Re-entry in words, for the publish review too. */
export function reentryWords(reentry: Reentry | undefined): string {
  switch (reentry?.rule ?? "never") {
    case "never":
      return "A contact goes through this journey once, ever.";
    case "always":
      return "A contact enters every time the trigger fires, even while already in it.";
    case "after_cooldown": {
      const d = (reentry as { cooldown: Duration }).cooldown;
      return `A contact may enter again ${d.amount} ${d.amount === 1 ? d.unit.replace(/s$/, "") : d.unit} after they last entered.`;
    }
    default:
      return "";
  }
}

/**
 * The journey's own rules, in plain words: who may enter again, and when a contact
 * leaves wherever they are ("leave when they place an order").
 */
export function JourneySettingsPanel({ catalog }: { catalog: ApiCatalog | null }) {
  const settings = useEditorStore((s) => s.settings) ?? {};
  const readOnly = useEditorStore((s) => s.readOnly);
  const updateSettings = useEditorStore((s) => s.updateSettings);
  const choices = useFieldChoices(null);
  const reentry: Reentry = settings.reentry ?? { rule: "never" };
  const exit = settings.exit_criteria ?? {};
  const goals = (exit.goal_events ?? []) as string[];
  const set = (next: JourneySettings) => updateSettings({ ...settings, ...next });
  const cooldown =
    reentry.rule === "after_cooldown" ? reentry.cooldown : ({ amount: 30, unit: "days" } as const);
  const pickers = useMemo(
    () => ({
      email_templates: pickerOptions(catalog, "email_templates"),
      job_types: pickerOptions(catalog, "job_types"),
      queues: pickerOptions(catalog, "queues"),
      segments: pickerOptions(catalog, "segments"),
    }),
    [catalog],
  );
  const events = [...new Set([...choices.eventNames, ...goals])].map((name) => ({
    value: name,
    label: eventLabel(name),
  }));

  return (
    <Stack gap="md" component="section" aria-label="Journey settings">
      <Radio.Group
        label="Can a contact go through it more than once?"
        value={reentry.rule}
        onChange={(rule) =>
          set({
            reentry:
              rule === "after_cooldown"
                ? { rule, cooldown }
                : ({ rule } as Exclude<Reentry, { rule: "after_cooldown" }>),
          })
        }
      >
        <Stack gap={6} mt={6}>
          <Radio value="never" label="Only once" disabled={readOnly} />
          <Radio value="always" label="Every time the trigger fires" disabled={readOnly} />
          <Radio value="after_cooldown" label="Again after a pause" disabled={readOnly} />
        </Stack>
      </Radio.Group>
      {reentry.rule === "after_cooldown" && (
        <Group gap="xs" wrap="nowrap">
          <NumberInput
            aria-label="Pause: how many"
            w={90}
            min={1}
            max={10000}
            allowDecimal={false}
            value={cooldown.amount}
            readOnly={readOnly}
            onChange={(v) =>
              set({
                reentry: {
                  rule: "after_cooldown",
                  cooldown: { amount: v === "" ? 1 : Number(v), unit: cooldown.unit },
                },
              })
            }
          />
          <Select
            aria-label="Pause: unit"
            w={110}
            data={UNITS}
            value={cooldown.unit}
            allowDeselect={false}
            readOnly={readOnly}
            onChange={(u) =>
              set({
                reentry: {
                  rule: "after_cooldown",
                  cooldown: { amount: cooldown.amount, unit: (u ?? "days") as Duration["unit"] },
                },
              })
            }
          />
          <Text size="sm">after they last entered</Text>
        </Group>
      )}
      <MultiSelect
        label="Leave the journey when…"
        description="When one of these events happens, the contact leaves wherever they are in the journey (it counts as reaching its goal)."
        placeholder={goals.length ? undefined : "e.g. Order placed"}
        data={events}
        value={goals}
        searchable
        readOnly={readOnly}
        nothingFoundMessage="No such event seen yet"
        comboboxProps={{ withinPortal: true }}
        onChange={(names) =>
          set({
            exit_criteria: {
              ...exit,
              goal_events: names as NonNullable<typeof exit.goal_events>,
            },
          })
        }
      />
      <Input.Wrapper
        label="…or when this holds"
        description="Checked whenever the contact moves on: when it holds, they leave."
      >
        <div style={{ marginTop: 4 }}>
          <ConditionBuilder
            value={exit.condition}
            pickers={pickers}
            choices={choices}
            defaultSince="journey_entry"
            disabled={readOnly}
            onChange={(group) =>
              set({
                exit_criteria: {
                  ...exit,
                  condition: (group.rules ?? []).length || group.negate ? group : null,
                },
              })
            }
          />
        </div>
      </Input.Wrapper>
    </Stack>
  );
}
