import {
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { journeyPath } from "@/config/paths";
import { notifyError } from "@/lib/notify";
import { journeyApi, libraryQueryOptions, useJourneyMutation } from "../../api/journeys";
import type { Journey } from "../../types";

interface NewJourneyModalProps {
  opened: boolean;
  onClose: () => void;
}

/** A blank journey, or one started from a library template. */
export function NewJourneyModal({ opened, onClose }: NewJourneyModalProps) {
  const navigate = useNavigate();
  const library = useQuery({ ...libraryQueryOptions, enabled: opened });
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const create = useJourneyMutation((args: { name: string; slug: string | null }) =>
    args.slug
      ? journeyApi.fromTemplate({ slug: args.slug, ...(args.name ? { name: args.name } : {}) })
      : journeyApi.create({ name: args.name || "Untitled journey" }),
  );

  const submit = () =>
    create.mutate(
      { name: name.trim(), slug },
      {
        onSuccess: (journey: Journey) => {
          onClose();
          navigate(journeyPath(journey.id));
        },
        onError: (error) => notifyError(error, "Could not create the journey"),
      },
    );

  return (
    <Modal opened={opened} onClose={onClose} title="New journey" size="xl">
      <Stack>
        <TextInput
          label="Name"
          placeholder={slug ? "Leave empty to use the template's name" : "e.g. Welcome series"}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-autofocus
        />
        <Text size="sm" fw={600} id="start-from">
          Start from
        </Text>
        <LoadError what="the library" error={library.error} />
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} role="radiogroup" aria-labelledby="start-from">
          <TemplateCard
            title="Blank journey"
            description="An empty canvas: pick a trigger to begin."
            selected={slug === null}
            onSelect={() => setSlug(null)}
          />
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
          <Button onClick={submit} loading={create.isPending}>
            Create journey
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface TemplateCardProps {
  title: string;
  description: string;
  selected: boolean;
  onSelect: () => void;
}

export function TemplateCard({ title, description, selected, onSelect }: TemplateCardProps) {
  return (
    <UnstyledButton role="radio" aria-checked={selected} onClick={onSelect} h="100%">
      <Card
        withBorder
        radius="md"
        padding="sm"
        h="100%"
        style={{
          borderColor: selected ? "var(--mantine-color-blue-6)" : undefined,
          boxShadow: selected ? "0 0 0 1px var(--mantine-color-blue-6)" : undefined,
        }}
      >
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Text size="xs" c="dimmed" mt={4} lineClamp={3}>
          {description}
        </Text>
      </Card>
    </UnstyledButton>
  );
}
