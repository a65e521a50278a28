import { Button, Group, Modal, SimpleGrid, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { api } from "@/lib/api-client";
import { notifyError } from "@/lib/notify";
import type { TemplateDocument } from "@/types/generated/journeys-api";
import { libraryQueryOptions } from "../../api/journeys";
import { useEditorStore } from "../../store/editor-store";
import type { JourneyDefinition } from "../../types";
import { TemplateCard } from "../list/new-journey-modal";

/** Fills the (empty) canvas with a library template, as one undoable change. */
export function StartFromTemplate({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const library = useQuery({ ...libraryQueryOptions, enabled: opened });
  const [slug, setSlug] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const use = async () => {
    if (!slug) return;
    setBusy(true);
    try {
      const template = await api.get<TemplateDocument>(`/api/v1/journeys/library/${slug}`);
      useEditorStore.getState().restore(template.definition as JourneyDefinition);
      onClose();
    } catch (error) {
      notifyError(error, "Could not load the template");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Start from a template" size="xl">
      <Stack>
        <Text size="sm" c="dimmed" id="templates-label">
          The template's steps go on this canvas; change anything, then publish.
        </Text>
        <LoadError what="the library" error={library.error} />
        <SimpleGrid
          cols={{ base: 1, sm: 2, md: 3 }}
          role="radiogroup"
          aria-labelledby="templates-label"
        >
          {library.data?.map((t) => (
            <TemplateCard
              key={t.slug}
              title={t.name}
              description={t.description}
              selected={slug === t.slug}
              onSelect={() => setSlug(t.slug)}
            />
          ))}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={use} loading={busy} disabled={!slug}>
            Use this template
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
