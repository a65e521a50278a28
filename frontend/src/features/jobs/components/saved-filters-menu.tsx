import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import { jobKeys, jobsApi, savedFiltersQueryOptions } from "../api/jobs";
import { filtersEqual, normalizeFilters } from "../model/filters";
import type { JobFilters, SavedFilter } from "../types";

interface SavedFiltersMenuProps {
  queue: string | null;
  filters: JobFilters;
  onApply: (filters: JobFilters) => void;
  meId: string;
  roleLabel: string;
}

/** Saved views of a queue: the user's own and those shared with their role. */
export function SavedFiltersMenu({
  queue,
  filters,
  onApply,
  meId,
  roleLabel,
}: SavedFiltersMenuProps) {
  const queryClient = useQueryClient();
  const saved = useQuery(savedFiltersQueryOptions(queue));
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: () => jobsApi.saveFilter({ name: name.trim(), queue, filters, shared }),
    onSuccess: (filter) => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.filters(queue) });
      notifySuccess(`Saved “${filter.name}”.`);
      close();
      setName("");
      setShared(false);
    },
  });
  const remove = useMutation({
    mutationFn: (filter: SavedFilter) => jobsApi.deleteFilter(filter.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: jobKeys.filters(queue) }),
    onError: (error) => notifyError(error, "Could not delete the saved filter"),
  });
  const errors = fieldErrorsOf(save.error, ["name", "filters"]);
  const current = saved.data?.find((filter) => filtersEqual(filter.filters, filters));

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" size="sm">
            {current ? `View: ${current.name}` : "Saved filters"}
          </Button>
        </Menu.Target>
        <Menu.Dropdown miw={260}>
          <Menu.Label>Saved filters</Menu.Label>
          {saved.data?.length === 0 && <Menu.Item disabled>None yet</Menu.Item>}
          {saved.error && <Menu.Item disabled>Could not load them</Menu.Item>}
          {saved.data?.map((filter) => (
            <Group key={filter.id} gap={4} wrap="nowrap">
              <Menu.Item
                onClick={() => onApply(normalizeFilters(filter.filters))}
                style={{ flex: 1 }}
              >
                <Text size="sm">{filter.name}</Text>
                <Text size="xs" c="dimmed">
                  {filter.shared ? `Shared with ${filter.role ?? "the role"}` : "Only you"}
                  {filter.owner.id !== meId ? ` · by ${filter.owner.name}` : ""}
                </Text>
              </Menu.Item>
              {filter.owner.id === meId && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Delete saved filter ${filter.name}`}
                  onClick={() => remove.mutate(filter)}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={open}>Save this view…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={opened} onClose={close} title="Save this view">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="sm">
            <TextInput
              label="Name"
              required
              maxLength={80}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors.name}
              data-autofocus
            />
            <Checkbox
              label={`Share with everyone in ${roleLabel}`}
              checked={shared}
              onChange={(event) => setShared(event.currentTarget.checked)}
            />
            {save.error && !errors.name && (
              <Text c="red.8" size="sm" role="alert">
                {errors.filters ?? save.error.message}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
