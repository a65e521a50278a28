import {
  Badge,
  Button,
  Card,
  CloseButton,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { notifyError } from "@/lib/notify";
import {
  ownersQueryOptions,
  useAddTags,
  useChangeScore,
  useRemoveTags,
  useSetOwner,
} from "../api/contacts";
import type { Contact } from "../types";

/** Tags, score and owner: the quick changes, each an event journeys can start on. */
export function ProfileCard({ contact, canEdit }: { contact: Contact; canEdit: boolean }) {
  const [tag, setTag] = useState("");
  const [delta, setDelta] = useState<number | string>(10);
  const addTags = useAddTags(contact.id);
  const removeTags = useRemoveTags(contact.id);
  const score = useChangeScore(contact.id);
  const setOwner = useSetOwner(contact.id);
  const owners = useQuery({ ...ownersQueryOptions, enabled: canEdit });

  const add = () => {
    const tags = tag
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    if (tags.length === 0) return;
    addTags.mutate(tags, {
      onSuccess: () => setTag(""),
      onError: (error) => notifyError(error, "Could not add the tag"),
    });
  };
  const ownerOptions = (owners.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (contact.owner && !ownerOptions.some((o) => o.value === contact.owner?.id))
    ownerOptions.push({ value: contact.owner.id, label: contact.owner.name });

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="profile-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="profile-title">
          Tags, score and owner
        </Title>
        <Stack gap={6}>
          <Text size="sm" fw={600} id="tags-label">
            Tags
          </Text>
          {contact.tags.length === 0 && (
            <Text size="sm" c="dimmed">
              No tags yet.
            </Text>
          )}
          {contact.tags.length > 0 && (
            <Group gap={6} aria-labelledby="tags-label" role="list">
              {contact.tags.map((name) => (
                <Badge
                  key={name}
                  role="listitem"
                  variant="light"
                  radius="sm"
                  tt="none"
                  rightSection={
                    canEdit ? (
                      <CloseButton
                        size="xs"
                        aria-label={`Remove tag ${name}`}
                        onClick={() =>
                          removeTags.mutate([name], {
                            onError: (error) => notifyError(error, "Could not remove the tag"),
                          })
                        }
                      />
                    ) : null
                  }
                >
                  {name}
                </Badge>
              ))}
            </Group>
          )}
          {canEdit && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                add();
              }}
            >
              <Group gap="xs" align="flex-end">
                <TextInput
                  label="Add tag"
                  placeholder="vip, newsletter"
                  value={tag}
                  onChange={(e) => setTag(e.currentTarget.value)}
                  style={{ flex: 1 }}
                />
                <Button type="submit" loading={addTags.isPending} disabled={!tag.trim()}>
                  Add tag
                </Button>
              </Group>
            </form>
          )}
        </Stack>

        <Stack gap={6}>
          <Group gap="xs" align="baseline">
            <Text size="sm" fw={600}>
              Score
            </Text>
            <Text size="xl" fw={700} aria-label={`Score ${contact.score}`}>
              {contact.score}
            </Text>
          </Group>
          {canEdit && (
            <Group gap="xs" align="flex-end">
              <NumberInput
                label="Change by"
                w={110}
                value={delta}
                onChange={setDelta}
                allowDecimal={false}
              />
              <Button
                variant="default"
                disabled={typeof delta !== "number" || delta === 0}
                loading={score.isPending}
                onClick={() =>
                  typeof delta === "number" &&
                  score.mutate(
                    { delta },
                    { onError: (error) => notifyError(error, "Could not change the score") },
                  )
                }
              >
                Apply
              </Button>
            </Group>
          )}
        </Stack>

        <Select
          label="Owner"
          placeholder="Nobody"
          data={ownerOptions}
          value={contact.owner?.id ?? null}
          readOnly={!canEdit}
          clearable={canEdit}
          searchable
          onChange={(value) =>
            setOwner.mutate(value, {
              onError: (error) => notifyError(error, "Could not change the owner"),
            })
          }
        />
      </Stack>
    </Card>
  );
}
