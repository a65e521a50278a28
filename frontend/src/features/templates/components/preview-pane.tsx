import { Alert, Card, Code, Select, Stack, Text, Textarea, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { previewContactsQueryOptions } from "../api/templates";
import type { Preview } from "../types";

interface PreviewPaneProps {
  preview: Preview | undefined;
  loading: boolean;
  failure: Error | null;
  contactId: string | null;
  onContactChange: (id: string | null) => void;
  sampleEvent: string;
  onSampleEventChange: (text: string) => void;
  sampleEventError: string | null;
}

/** The rendered message against a chosen contact, or the error that stops it. */
export function PreviewPane(props: PreviewPaneProps) {
  const { preview } = props;
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search, 300);
  const contacts = useQuery({
    ...previewContactsQueryOptions(query),
    placeholderData: keepPreviousData,
  });
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="preview-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="preview-title">
          Preview
        </Title>
        <Select
          label="Contact"
          description="Render as this contact sees it; empty uses a sample contact."
          placeholder="Sample contact"
          searchable
          clearable
          searchValue={search}
          onSearchChange={setSearch}
          data={(contacts.data ?? []).map((c) => ({
            value: c.id,
            label: c.email ? `${c.name || "(no name)"} · ${c.email}` : c.name || c.id,
          }))}
          value={props.contactId}
          onChange={props.onContactChange}
          nothingFoundMessage="No contact matches"
        />
        <Textarea
          label="Sample event"
          description="JSON the template reads as event.… (the event that started the journey)."
          ff="monospace"
          autosize
          minRows={2}
          maxRows={8}
          value={props.sampleEvent}
          onChange={(event) => props.onSampleEventChange(event.currentTarget.value)}
          error={props.sampleEventError}
        />
        <div aria-live="polite" aria-busy={props.loading}>
          {props.failure && (
            <Alert color="red" title="Could not preview">
              {props.failure.message}
            </Alert>
          )}
          {preview && !preview.ok && preview.error && (
            <Alert color="red" title="This template does not render">
              <Text size="sm">
                In <strong>{preview.error.part}</strong>
                {preview.error.line !== null && <> at line {preview.error.line}</>}:{" "}
                {preview.error.message}
              </Text>
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
                  {preview.subject}
                </Text>
              )}
              {preview.html && (
                <iframe
                  title="Rendered HTML"
                  sandbox=""
                  srcDoc={preview.html}
                  style={{
                    width: "100%",
                    minHeight: 320,
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
