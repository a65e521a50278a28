import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { DotsIcon, PlusIcon, SearchIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { Pager } from "@/components/pager/pager";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { journeyPath } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import { journeyApi, journeyListQueryOptions, useJourneyMutation } from "../api/journeys";
import type { JourneyStatus, JourneySummary } from "../types";
import { downloadJson, exportFilename } from "./list/download";
import { ImportModal } from "./list/import-modal";
import { NewJourneyModal } from "./list/new-journey-modal";
import { STATUS_LABELS, StatusBadge } from "./list/status-badge";

export const JOURNEYS_PAGE_SIZE = 25;

const STATUS_OPTIONS = [
  { value: "all", label: "All but archived" },
  ...(["draft", "active", "paused", "archived"] as const).map((s) => ({
    value: s,
    label: STATUS_LABELS[s],
  })),
];

type Transition = "pause" | "resume" | "archive";
const TRANSITION_DONE: Record<Transition, string> = {
  pause: "paused",
  resume: "resumed",
  archive: "archived",
};

export function JourneysPage() {
  useDocumentTitle("Journeys · Waymark");
  const navigate = useNavigate();
  const canWrite = useCan(["journeys:write"]);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 300);
  const [status, setStatus] = useState("all");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const journeys = useQuery(
    journeyListQueryOptions({
      q,
      status: status === "all" ? null : (status as JourneyStatus),
      page,
      page_size: JOURNEYS_PAGE_SIZE,
    }),
  );

  const duplicate = useJourneyMutation((j: JourneySummary) => journeyApi.duplicate(j.id));
  const transition = useJourneyMutation((args: { journey: JourneySummary; action: Transition }) =>
    journeyApi.transition(args.journey.id, args.action),
  );

  const onDuplicate = (journey: JourneySummary) =>
    duplicate.mutate(journey, {
      onSuccess: (copy) => {
        notifySuccess(`${copy.name} is ready to edit.`, "Journey duplicated");
        navigate(journeyPath(copy.id));
      },
      onError: (error) => notifyError(error, "Could not duplicate the journey"),
    });
  const onExport = async (journey: JourneySummary) => {
    try {
      const doc = await journeyApi.exportDocument(journey.id);
      downloadJson(doc, exportFilename(journey.name));
    } catch (error) {
      notifyError(error, "Could not export the journey");
    }
  };
  const onTransition = (journey: JourneySummary, action: Transition) =>
    transition.mutate(
      { journey, action },
      {
        onSuccess: (j) => notifySuccess(`${j.name} was ${TRANSITION_DONE[action]}.`),
        onError: (error) => notifyError(error, `Could not ${action} the journey`),
      },
    );

  const items = journeys.data?.items ?? [];
  return (
    <Stack gap="lg">
      <PageHeader
        title="Journeys"
        description="Draw the processes that run your business, then publish them."
        actions={
          canWrite && (
            <Group gap="xs">
              <Button variant="default" onClick={() => setImporting(true)}>
                Import
              </Button>
              <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
                New journey
              </Button>
            </Group>
          )
        }
      />

      <Group gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Journey name"
          leftSection={<SearchIcon size={16} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          w={280}
        />
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          value={status}
          onChange={(value) => {
            setStatus(value ?? "all");
            setPage(1);
          }}
          allowDeselect={false}
          w={200}
        />
      </Group>

      <LoadError what="journeys" error={journeys.error} />

      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Journeys table" minWidth={860}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Journeys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Published</Table.Th>
                <Table.Th>Draft</Table.Th>
                <Table.Th>Updated</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {journeys.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading journeys…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {journeys.data && items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" ta="center" py="lg">
                      {q || status !== "all"
                        ? "No journey matches these filters."
                        : "No journeys yet: start one from the library."}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {items.map((journey) => (
                <Table.Tr key={journey.id}>
                  <Table.Td>
                    <Anchor component={Link} to={journeyPath(journey.id)} fw={600} size="sm">
                      {journey.name}
                    </Anchor>
                    {journey.description && (
                      <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
                        {journey.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={journey.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {journey.published_version ? `Version ${journey.published_version}` : "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {journey.has_unpublished_changes ? (
                      <Badge variant="dot" color="orange" radius="sm" tt="none" miw="max-content">
                        Unpublished changes
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Up to date
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(journey.updated_at)}</Text>
                    {journey.updated_by && (
                      <Text size="xs" c="dimmed">
                        by {journey.updated_by.name}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Actions for ${journey.name}`}
                        >
                          <DotsIcon size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item component={Link} to={journeyPath(journey.id)}>
                          Open
                        </Menu.Item>
                        {canWrite && (
                          <Menu.Item onClick={() => onDuplicate(journey)}>Duplicate</Menu.Item>
                        )}
                        <Menu.Item onClick={() => onExport(journey)}>Export</Menu.Item>
                        {canWrite && journey.status === "active" && (
                          <Menu.Item onClick={() => onTransition(journey, "pause")}>
                            Pause
                          </Menu.Item>
                        )}
                        {canWrite && journey.status === "paused" && (
                          <Menu.Item onClick={() => onTransition(journey, "resume")}>
                            Resume
                          </Menu.Item>
                        )}
                        {canWrite && journey.status !== "archived" && (
                          <Menu.Item color="red" onClick={() => onTransition(journey, "archive")}>
                            Archive
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
      {journeys.data && (
        <Pager
          page={page}
          pageSize={JOURNEYS_PAGE_SIZE}
          total={journeys.data.total}
          onChange={setPage}
          noun="journeys"
        />
      )}

      <NewJourneyModal opened={creating} onClose={() => setCreating(false)} />
      <ImportModal opened={importing} onClose={() => setImporting(false)} />
    </Stack>
  );
}
