import { Code } from "@mantine/core";
import type { ReactNode } from "react";

/** A help text with `code` shown as code, not as backticks. */
export function RichText({ text }: { text: string }) {
  const parts = text.split("`");
  // An odd part count means the backticks pair up; otherwise leave the text alone.
  if (parts.length % 2 === 0) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
          <Code key={i} fz="inherit">
            {part}
          </Code>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function richText(text: unknown): ReactNode {
  return typeof text === "string" && text.includes("`") ? (
    <RichText text={text} />
  ) : (
    (text as ReactNode)
  );
}
