import { Card, Group, Stack, TextInput } from "@mantine/core";
import type { ReactNode } from "react";
import { SearchIcon } from "@/components/icons/icons";

interface FilterBarProps {
  /** A search box given a line of its own above the other filters. */
  search?: ReactNode;
  children: ReactNode;
}

/** The bordered row of filters above a list, wrapping on narrow screens. */
export function FilterBar({ search, children }: FilterBarProps) {
  const filters = (
    <Group gap="md" align="flex-end" wrap="wrap">
      {children}
    </Group>
  );
  return (
    <Card withBorder radius="md" padding="md">
      {search ? (
        <Stack gap="sm">
          {search}
          {filters}
        </Stack>
      ) : (
        filters
      )}
    </Card>
  );
}

interface SearchFilterProps {
  label: string;
  description?: string;
  placeholder?: string;
  value: string;
  onChange: (value: string) => void;
  /** The box's least width; it grows to fill the rest of the bar. */
  minWidth?: number;
}

/** A filter bar's search box: it takes the room the other filters leave. */
export function SearchFilter({ minWidth = 260, onChange, ...props }: SearchFilterProps) {
  return (
    <TextInput
      {...props}
      type="search"
      leftSection={<SearchIcon size={16} />}
      onChange={(event) => onChange(event.currentTarget.value)}
      miw={minWidth}
      style={{ flex: 1 }}
    />
  );
}
