import { Alert, Anchor, Badge, Code, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { withStyleNonce } from "@/lib/csp-nonce";
import type { ContactChange, TestStep } from "@/types/generated/test-runs-api";
import { humanize } from "../../../model/test-run";

type Preview = NonNullable<TestStep["preview"]>;

const FRAME_STYLE = {
  width: "100%",
  border: "1px solid var(--mantine-color-gray-3)",
  borderRadius: 6,
  background: "white",
} as const;

/** What the step would do, as its effect's preview shows it (nothing was sent). */
export function EffectPreview({ preview }: { preview: Preview }) {
  return (
    <Stack gap="xs" data-testid={`preview-${preview.kind ?? "recorded"}`}>
      <WouldRun preview={preview} />
      <PreviewBody preview={preview} />
    </Stack>
  );
}

function WouldRun({ preview }: { preview: Preview }) {
  if (preview.would_run)
    return (
      <Text size="sm" c="green.9" data-testid="would-run">
        ✓ It would run
        {preview.kind === "email" || preview.kind === "sms" || preview.kind === "letter"
          ? " (consent and address checked)"
          : ""}
        .
      </Text>
    );
  return (
    <Alert color="red" variant="light" p="xs" title="It would not run">
      <Text size="sm">{preview.reason ?? "The real step would refuse."}</Text>
    </Alert>
  );
}

function Field({ name, children }: { name: string; children: React.ReactNode }) {
  return (
    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
      <Text span fw={600}>
        {name}:
      </Text>{" "}
      {children}
    </Text>
  );
}

function PreviewBody({ preview }: { preview: Preview }) {
  switch (preview.kind) {
    case "email":
      return (
        <>
          <Field name="To">{preview.to ?? "—"}</Field>
          <Field name="Subject">
            <span data-testid="email-subject">{preview.subject ?? "—"}</span>
          </Field>
          {preview.html && (
            <iframe
              title="The email as it would be sent (HTML)"
              sandbox=""
              srcDoc={withStyleNonce(preview.html)}
              style={{ ...FRAME_STYLE, height: 240 }}
              data-testid="email-html"
            />
          )}
          {preview.text && <TextBlock label="The email's text">{preview.text}</TextBlock>}
        </>
      );
    case "sms":
      return (
        <>
          <Field name="To">{preview.to ?? "—"}</Field>
          <TextBlock label="The SMS">{preview.text}</TextBlock>
          <Text size="xs" c="dimmed">
            {preview.text.length} characters
          </Text>
        </>
      );
    case "letter":
      return <LetterPreview html={preview.html} pdf={preview.pdf} queue={preview.print_queue} />;
    case "job":
      return (
        <Paper withBorder p="sm" radius="md" data-testid="job-card">
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600} size="sm">
                {preview.title}
              </Text>
              <Badge variant="light" color={preview.priority === "high" ? "red" : "gray"}>
                {preview.priority}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              Queue {preview.queue} · {humanize(preview.job_type)}
              {preview.due_at ? ` · due ${formatTime(preview.due_at)}` : ""}
            </Text>
            {preview.guidance && <Text size="sm">{preview.guidance}</Text>}
            <Text size="xs" c="dimmed">
              Outcomes: {preview.outcomes.map(humanize).join(", ")}
            </Text>
          </Stack>
        </Paper>
      );
    case "webhook":
      return (
        <Code block aria-label="The request">
          {`${preview.method} ${preview.url}\n${Object.entries(preview.headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join("\n")}${preview.body ? `\n\n${preview.body}` : ""}`}
        </Code>
      );
    case "contact_change":
      return (
        <Text size="sm">
          {[
            Object.keys(preview.set_fields).length
              ? `Sets ${Object.keys(preview.set_fields).join(", ")}`
              : "",
            preview.clear_fields.length ? `clears ${preview.clear_fields.join(", ")}` : "",
            preview.add_tags.length ? `tags ${preview.add_tags.join(", ")}` : "",
            preview.remove_tags.length ? `untags ${preview.remove_tags.join(", ")}` : "",
            preview.score_change
              ? `score ${preview.score_change > 0 ? "+" : ""}${preview.score_change}`
              : "",
          ]
            .filter(Boolean)
            .join("; ") || "Changes nothing."}
        </Text>
      );
    case "object_change":
      return <Text size="sm">Changes the contact's {humanize(preview.object_type)}.</Text>;
    case "notification":
      return (
        <>
          <Field name={`To ${preview.audience} (${preview.queue})`}>{preview.title}</Field>
          <TextBlock label="The notification">{preview.body}</TextBlock>
        </>
      );
    case "event":
      return (
        <>
          <Field name="Emits">{preview.name}</Field>
          <TextBlock label="Its properties">{json(preview.properties)}</TextBlock>
        </>
      );
    case "portal_message":
      return (
        <>
          <Field name="In the portal">{preview.title}</Field>
          <TextBlock label="The portal message">{preview.body}</TextBlock>
        </>
      );
    case "recorded":
    case undefined:
      return null;
    default: {
      const never: never = preview;
      return <>{String(never)}</>;
    }
  }
}

/** The letter as its PDF (in a frame, and to open), with its HTML when no PDF was made. */
function LetterPreview({
  html,
  pdf,
  queue,
}: {
  html: string;
  pdf: string | null;
  queue: string | null;
}) {
  const url = usePdfUrl(pdf);
  return (
    <>
      {queue && <Field name="Print queue">{queue}</Field>}
      {url ? (
        <>
          <iframe
            title="The letter as a PDF"
            src={url}
            style={{ ...FRAME_STYLE, height: 320 }}
            data-testid="letter-pdf"
          />
          <Anchor href={url} target="_blank" rel="noopener" size="sm">
            Open the letter (PDF)
          </Anchor>
        </>
      ) : (
        html && (
          <iframe
            title="The letter (HTML)"
            sandbox=""
            srcDoc={withStyleNonce(html)}
            style={{ ...FRAME_STYLE, height: 320 }}
          />
        )
      )}
    </>
  );
}

/** A blob: URL for base64 PDF bytes, revoked when they change or the preview goes. */
export function usePdfUrl(base64: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!base64) {
      setUrl(null);
      return;
    }
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const made = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [base64]);
  return url;
}

/** A CRM step's change: each field before and after. */
export function ChangeTable({ change }: { change: ContactChange }) {
  const names = [...new Set([...Object.keys(change.before), ...Object.keys(change.after)])];
  return (
    <Table withTableBorder captionSide="top" fz="sm" data-testid="crm-change">
      <Table.Caption>
        {change.target === "contact" ? "The contact" : humanize(change.target)}, before and after
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Field</Table.Th>
          <Table.Th scope="col">Before</Table.Th>
          <Table.Th scope="col">After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((name) => (
          <Table.Tr key={name}>
            <Table.Th scope="row" fw={500}>
              {name}
            </Table.Th>
            <Table.Td>{shown(change.before[name])}</Table.Td>
            <Table.Td>{shown(change.after[name])}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function TextBlock({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Code block aria-label={label} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {children}
    </Code>
  );
}

export const json = (value: unknown) => JSON.stringify(value, null, 2);

export function shown(value: unknown): string {
  if (value === undefined || value === null) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) +
        " UTC";
}

/** "Jun 2, 09:00": a step's time in a list (UTC, as the virtual clock). */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, {
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: "UTC",
      });
}
