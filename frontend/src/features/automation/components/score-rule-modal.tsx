import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import type { EventPropertyRule } from "@/types/generated/journey";
import { useSaveScoreRule } from "../api/scoring";
import type { ConditionGroup, ScoreRule } from "../types";
import { describeCondition } from "./describe-condition";

const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
type Operator = EventPropertyRule["operator"];
const OPERATORS: { value: Operator; label: string }[] = [
  { value: "equals", label: "is" },
  { value: "not_equals", label: "is not" },
  { value: "contains", label: "contains" },
  { value: "gt", label: "is more than" },
  { value: "gte", label: "is at least" },
  { value: "lt", label: "is less than" },
  { value: "lte", label: "is at most" },
  { value: "is_set", label: "is set" },
  { value: "is_not_set", label: "is not set" },
];
const NO_VALUE: ReadonlySet<string> = new Set(["is_set", "is_not_set"]);

export type Editing = { mode: "create" } | { mode: "edit"; rule: ScoreRule } | null;

interface Values {
  name: string;
  event_name: string;
  points: number | string;
  active: boolean;
  property: string;
  operator: Operator;
  value: string;
}

/** The one event-property rule this form edits, when the condition is exactly that. */
function simpleRule(condition: ConditionGroup | null): EventPropertyRule | null {
  const [only, ...rest] = condition?.rules ?? [];
  if (!condition || condition.negate || rest.length > 0 || only?.type !== "event_property") {
    return null;
  }
  return only;
}

function typed(value: string): string | number {
  const trimmed = value.trim();
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

export function ScoreRuleModal({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const title = editing?.mode === "edit" ? `Edit rule: ${editing.rule.name}` : "Add scoring rule";
  return (
    <Modal opened={editing !== null} onClose={onClose} title={title} size="lg">
      {editing && (
        <RuleForm
          key={editing.mode === "edit" ? editing.rule.id : "new"}
          rule={editing.mode === "edit" ? editing.rule : null}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function RuleForm({ rule, onClose }: { rule: ScoreRule | null; onClose: () => void }) {
  const save = useSaveScoreRule();
  const simple = simpleRule(rule?.condition ?? null);
  // A condition this form cannot show (several rules, a negation…) is kept as it is.
  const kept = rule?.condition && !simple ? rule.condition : null;
  const form = useForm<Values>({
    initialValues: {
      name: rule?.name ?? "",
      event_name: rule?.event_name ?? "",
      points: rule?.points ?? 10,
      active: rule?.active ?? true,
      property: simple?.property ?? "",
      operator: simple?.operator ?? "equals",
      value: simple?.value === undefined || simple.value === null ? "" : String(simple.value),
    },
    validate: {
      name: (value) => (value.trim() ? null : "Name the rule, e.g. Viewed the pricing page."),
      event_name: (value) =>
        EVENT_NAME.test(value) ? null : "A dotted lower-case event name, e.g. page.viewed.",
      points: (value) =>
        typeof value === "number" && value !== 0 && Math.abs(value) <= 10_000
          ? null
          : "Between -10000 and 10000, not 0 (negative removes points).",
      property: (value) =>
        !value || PATH.test(value) ? null : "A property name such as url or order.total.",
      value: (value, values) =>
        values.property && !NO_VALUE.has(values.operator) && !value.trim()
          ? "Give a value to compare with."
          : null,
    },
  });

  const submit = form.onSubmit((values) => {
    let condition: ConditionGroup | null = kept;
    if (values.property) {
      const only: EventPropertyRule = {
        type: "event_property",
        property: values.property,
        operator: values.operator,
        ...(NO_VALUE.has(values.operator) ? {} : { value: typed(values.value) }),
      };
      condition = { type: "group", rules: [only] };
    }
    save.mutate(
      {
        id: rule?.id,
        name: values.name.trim(),
        event_name: values.event_name,
        points: Number(values.points),
        active: values.active,
        condition,
      },
      {
        onSuccess: (saved) => {
          notifySuccess(`Scoring rule ${saved.name} ${rule ? "saved" : "added"}.`);
          onClose();
        },
        onError: (error) => {
          const fields = fieldErrorsOf(error, ["name", "event_name", "points"]);
          form.setErrors(fields);
          notifyError(error, "Could not save the rule");
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {save.error && (
          <Alert color="red" variant="light" title="Not saved">
            {save.error.message}
          </Alert>
        )}
        <TextInput label="Name" required data-autofocus {...form.getInputProps("name")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="When this event arrives"
            description="e.g. page.viewed or email.clicked"
            required
            {...form.getInputProps("event_name")}
          />
          <NumberInput
            label="Points"
            description="Negative numbers remove points."
            required
            allowDecimal={false}
            min={-10_000}
            max={10_000}
            {...form.getInputProps("points")}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Only when (optional)
          </Text>
          {kept ? (
            <Text size="sm" c="dimmed">
              Kept as set through the API: {describeCondition(kept)}. Fill in a property to replace
              it.
            </Text>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Event property"
              placeholder="url"
              {...form.getInputProps("property")}
            />
            <Select
              label="Comparison"
              data={OPERATORS}
              allowDeselect={false}
              {...form.getInputProps("operator")}
            />
            <TextInput
              label="Value"
              placeholder="/pricing"
              disabled={NO_VALUE.has(form.values.operator)}
              {...form.getInputProps("value")}
            />
          </SimpleGrid>
        </Stack>
        <Switch label="Active" {...form.getInputProps("active", { type: "checkbox" })} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {rule ? "Save rule" : "Add rule"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
