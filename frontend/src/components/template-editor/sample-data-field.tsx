import { Textarea } from "@mantine/core";
import { parseSampleJson } from "./sample-json";

interface SampleDataFieldProps {
  label: string;
  description: string;
  value: string;
  onChange: (text: string) => void;
}

/** Sample data for the preview as JSON text, with what is wrong with it while typing. */
export function SampleDataField({ label, description, value, onChange }: SampleDataFieldProps) {
  const parsed = parseSampleJson(value);
  return (
    <Textarea
      label={label}
      description={description}
      ff="monospace"
      autosize
      minRows={2}
      maxRows={8}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={"error" in parsed ? parsed.error : null}
    />
  );
}
