import { ActionIcon, Button, Checkbox, Group, Stack, Text, TextInput } from "@mantine/core";

export interface ListItem {
  id?: string | null;
  name: string;
  is_booking?: boolean;
}

interface ListEditorProps<T extends ListItem> {
  label: string;
  description?: string;
  items: T[];
  onChange: (items: T[]) => void;
  /** Each item says whether it is a booking (outcomes). */
  withBooking?: boolean;
}

/** An ordered list of names (outcomes, stages): rename, add, remove, move up. */
export function ListEditor<T extends ListItem>({
  label,
  description,
  items,
  onChange,
  withBooking = false,
}: ListEditorProps<T>) {
  const change = (index: number, patch: Partial<T>) =>
    onChange(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const remove = (index: number) => onChange(items.filter((_, i) => i !== index));
  const up = (index: number) => {
    if (index === 0) return;
    const next = [...items];
    [next[index - 1], next[index]] = [next[index] as T, next[index - 1] as T];
    onChange(next);
  };
  return (
    <Stack gap={6} role="group" aria-label={label}>
      <Text fw={600} size="sm">
        {label}
      </Text>
      {description && (
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      )}
      {items.map((item, index) => (
        // Positions are the identity here: items have no id until saved.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Group key={index} gap="xs" wrap="nowrap">
          <TextInput
            aria-label={`${label} ${index + 1}`}
            value={item.name}
            maxLength={80}
            onChange={(event) => change(index, { name: event.currentTarget.value } as Partial<T>)}
            flex={1}
          />
          {withBooking && (
            <Checkbox
              label="Booking"
              checked={Boolean(item.is_booking)}
              onChange={(event) =>
                change(index, { is_booking: event.currentTarget.checked } as Partial<T>)
              }
            />
          )}
          <ActionIcon
            variant="subtle"
            aria-label={`Move ${item.name || "item"} up`}
            disabled={index === 0}
            onClick={() => up(index)}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${item.name || "item"}`}
            onClick={() => remove(index)}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => onChange([...items, { name: "", is_booking: false } as T])}
        >
          Add
        </Button>
      </Group>
    </Stack>
  );
}
