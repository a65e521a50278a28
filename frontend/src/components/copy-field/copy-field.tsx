import { ActionIcon, CopyButton, TextInput, Tooltip } from "@mantine/core";
import { CheckIcon, CopyIcon } from "@/components/icons/icons";

interface CopyFieldProps {
  label: string;
  value: string;
  description?: string;
}

/** A read-only value (a link, a secret) with a button that copies it. */
export function CopyField({ label, value, description }: CopyFieldProps) {
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(event) => event.currentTarget.select()}
      styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? "Copied" : "Copy"} withArrow position="left">
              <ActionIcon
                variant={copied ? "filled" : "subtle"}
                color={copied ? "green" : "gray"}
                onClick={copy}
                aria-label={copied ? `${label} copied` : `Copy ${label.toLowerCase()}`}
              >
                {copied ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}
