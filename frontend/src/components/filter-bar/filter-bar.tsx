import { Badge, Button, Card, Drawer, Group, Stack, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { FilterIcon, SearchIcon } from "@/components/icons/icons";
import { useBelow } from "@/lib/use-below";
import classes from "./filter-bar.module.css";

interface FilterBarProps {
  /** A search box: a line of its own above the other filters, and in view on a phone. */
  search?: ReactNode;
  /** The other filters. On a phone they wait in a drawer behind a "Filters" button. */
  children: ReactNode;
  /** How many of `children` are set: counted on the phone's button ("Filters 2"). */
  activeCount?: number;
  /** Clears every filter; the drawer offers it when any is set. */
  onClear?: () => void;
  /** Makes the bar a search landmark with this name ("Filter jobs"). */
  label?: string;
  /** A choice kept in view on a phone too (whose jobs), below the search box. */
  always?: ReactNode;
}

/**
 * The bordered row of filters above a list, wrapping on narrow screens; on a phone, the
 * search box and a button that opens the rest in a drawer, with the count of those set.
 */
export function FilterBar({
  search,
  children,
  activeCount = 0,
  onClear,
  label,
  always,
}: FilterBarProps) {
  const isPhone = useBelow("sm");
  const [opened, drawer] = useDisclosure(false);
  const landmark = label
    ? {
        component: "form" as const,
        role: "search",
        "aria-label": label,
        onSubmit: (event: React.FormEvent) => event.preventDefault(),
      }
    : {};

  if (isPhone) {
    return (
      <Card withBorder radius="md" padding="sm">
        <Stack gap="sm" {...landmark}>
          {search}
          {always}
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Button
              variant="default"
              leftSection={<FilterIcon size={16} />}
              rightSection={
                activeCount > 0 ? (
                  <Badge size="sm" circle aria-hidden="true">
                    {activeCount}
                  </Badge>
                ) : undefined
              }
              onClick={drawer.open}
              aria-label={activeCount > 0 ? `Filters, ${activeCount} set` : "Filters"}
              aria-haspopup="dialog"
              flex={1}
            >
              Filters
            </Button>
            {onClear && activeCount > 0 && (
              <Button variant="subtle" onClick={onClear}>
                Clear
              </Button>
            )}
          </Group>
        </Stack>
        <Drawer
          opened={opened}
          onClose={drawer.close}
          title={activeCount > 0 ? `Filters (${activeCount} set)` : "Filters"}
          position="bottom"
          size="auto"
          classNames={{ body: classes.drawerBody }}
        >
          <Stack gap="md" className={classes.drawerFields}>
            {children}
          </Stack>
          <Group className={classes.drawerFooter} gap="sm" grow>
            {onClear && (
              <Button variant="default" disabled={activeCount === 0} onClick={onClear}>
                Clear filters
              </Button>
            )}
            <Button onClick={drawer.close}>Show results</Button>
          </Group>
        </Drawer>
      </Card>
    );
  }

  const clear = onClear && (
    <Button variant="subtle" disabled={activeCount === 0} onClick={onClear}>
      Clear filters
    </Button>
  );
  const filters = (
    <Group gap="md" align="flex-end" wrap="wrap">
      {children}
      {!always && clear}
    </Group>
  );
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm" {...landmark}>
        {search}
        {filters}
        {always && (
          <Group justify="space-between" gap="sm">
            {always}
            {clear}
          </Group>
        )}
      </Stack>
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
