import { Alert, Card, Code, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { withStyleNonce } from "@/lib/csp-nonce";
import { describeRenderError, type RenderErrorInfo } from "./render-error";
import type { TemplateTexts } from "./template-parts";

export interface PreviewResult {
  ok: boolean;
  subject: string | null;
  html: string;
  text: string;
  error: RenderErrorInfo | null;
}

interface PreviewPaneProps {
  preview: PreviewResult | undefined;
  loading: boolean;
  failure: Error | null;
  /** The texts previewed, so an error can quote its line and name the whole variable. */
  sources: Partial<Record<keyof TemplateTexts, string | null>>;
  /** What to render against: the contact picker, a sample event… */
  children: ReactNode;
  /** Unique per page, for the heading's id. */
  idPrefix?: string;
  /** Height of the rendered HTML. */
  htmlHeight?: number;
}

/** The rendered message against a chosen contact, or the error that stops it. */
export function PreviewPane(props: PreviewPaneProps) {
  const { preview, idPrefix = "template" } = props;
  const titleId = `${idPrefix}-preview-title`;
  const described =
    preview && !preview.ok && preview.error
      ? describeRenderError(preview.error, props.sources)
      : null;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId}>
          Preview
        </Title>
        {props.children}
        <div aria-live="polite" aria-busy={props.loading} data-testid="template-preview">
          {props.failure && (
            <Alert color="red" title="Could not preview">
              {props.failure.message}
            </Alert>
          )}
          {described && (
            <Alert color="red" title={described.title} role="alert">
              <Text size="sm">
                <strong>{described.where}</strong>: {described.message}
              </Text>
              {described.lineText && (
                <Code block mt={4} aria-label="The failing line">
                  {described.lineText}
                </Code>
              )}
              <Text size="xs" mt={4}>
                A message from it would not be sent: the step fails with this reason.
              </Text>
            </Alert>
          )}
          {preview?.ok && (
            <Stack gap="xs">
              {preview.subject !== null && (
                <Text size="sm">
                  <Text span fw={600}>
                    Subject:
                  </Text>{" "}
                  <span data-testid="rendered-subject">{preview.subject}</span>
                </Text>
              )}
              {preview.html && (
                <iframe
                  title="Rendered HTML"
                  sandbox=""
                  srcDoc={withStyleNonce(preview.html)}
                  style={{
                    width: "100%",
                    minHeight: props.htmlHeight ?? 320,
                    border: "1px solid var(--mantine-color-gray-3)",
                    borderRadius: 6,
                    background: "white",
                  }}
                />
              )}
              {preview.text && (
                <Code block aria-label="Rendered text" style={{ whiteSpace: "pre-wrap" }}>
                  {preview.text}
                </Code>
              )}
            </Stack>
          )}
        </div>
      </Stack>
    </Card>
  );
}
