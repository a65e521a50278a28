import { Button, Popover, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import {
  CURRENCIES,
  DATE_FORMATS,
  groupOptions,
  type VariableOption,
  variableSnippet,
} from "./variable-snippet";

const AS_IS = "";

/**
 * "Insert a variable": pick what to show by its name, how to show a date or an amount,
 * and what to write when it is empty; the picker writes the template code.
 */
export function VariablePicker(props: {
  options: readonly VariableOption[];
  /** Where it goes, for the button's accessible name ("Subject"). */
  target: string;
  onInsert: (snippet: string) => void;
  disabled?: boolean;
}) {
  const [opened, setOpened] = useState(false);
  const [path, setPath] = useState<string | null>(null);
  const [format, setFormat] = useState<string>(AS_IS);
  const [fallback, setFallback] = useState("");
  const chosen = props.options.find((o) => o.path === path);
  const formats =
    chosen?.kind === "date"
      ? [{ value: AS_IS, label: "As stored" }, ...DATE_FORMATS]
      : chosen?.kind === "number"
        ? [{ value: AS_IS, label: "As it is" }, ...CURRENCIES]
        : null;
  const close = () => {
    setOpened(false);
    setPath(null);
    setFormat(AS_IS);
    setFallback("");
  };
  const insert = () => {
    if (!path) return;
    props.onInsert(
      variableSnippet(path, {
        fallback,
        ...(chosen?.kind === "date" && format ? { dateFormat: format } : {}),
        ...(chosen?.kind === "number" && format ? { currency: format } : {}),
      }),
    );
    close();
  };
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      withinPortal
      trapFocus
      shadow="md"
      width={300}
    >
      <Popover.Target>
        <Button
          size="compact-xs"
          variant="light"
          disabled={props.disabled || props.options.length === 0}
          aria-label={`Insert a variable into ${props.target}`}
          onClick={() => setOpened((o) => !o)}
        >
          + Variable
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Select
            label="Show"
            placeholder="First name, order total…"
            data={groupOptions(props.options)}
            value={path}
            searchable
            data-autofocus
            nothingFoundMessage="Nothing by that name"
            comboboxProps={{ withinPortal: false }}
            maxDropdownHeight={220}
            onChange={(value) => {
              setPath(value);
              setFormat(AS_IS);
            }}
          />
          {formats && (
            <Select
              label={chosen?.kind === "date" ? "As a date like" : "As an amount like"}
              data={formats}
              value={format}
              allowDeselect={false}
              comboboxProps={{ withinPortal: false }}
              onChange={(value) => setFormat(value ?? AS_IS)}
            />
          )}
          <TextInput
            label="If it is empty, write"
            placeholder="e.g. there"
            value={fallback}
            onChange={(e) => setFallback(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                insert();
              }
            }}
          />
          {path && (
            <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: "anywhere" }}>
              {variableSnippet(path, {
                fallback,
                ...(chosen?.kind === "date" && format ? { dateFormat: format } : {}),
                ...(chosen?.kind === "number" && format ? { currency: format } : {}),
              })}
            </Text>
          )}
          <Button size="xs" onClick={insert} disabled={!path}>
            Insert
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
