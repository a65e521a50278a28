import {
  Alert,
  Anchor,
  Button,
  Drawer,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { contactPath, enrollmentPath } from "@/config/paths";
import { isApiError } from "@/lib/api-client";
import { useCan } from "@/lib/authorization";
import { formatDateTime } from "@/lib/format";
import type { EnrollmentItem } from "@/types/generated/enrollments-api";
import {
  atStepCsvUrl,
  atStepQueryOptions,
  type PathAction,
  usePathAction,
} from "../../api/enrollments";
import { versionQueryOptions } from "../../api/journeys";
import { describeWaiting, movableSteps } from "./who-is-here-model";

interface WhoIsHereDrawerProps {
  journeyId: string;
  /** The step, or null when the drawer is closed. */
  nodeId: string | null;
  label: string;
  /** One version's contacts, or every version's (null). */
  version: number | null;
  onClose: () => void;
}

type Pending =
  | { kind: "remove"; item: EnrollmentItem }
  | { kind: "move"; item: EnrollmentItem }
  | null;

/**
 * Who is at this step now: the contacts whose path stands there (paged, searchable,
 * exportable as CSV), each with its path and, for people who may operate the journey,
 * the actions: end the wait now, move to another step, remove from the journey.
 */
export function WhoIsHereDrawer({
  journeyId,
  nodeId,
  label,
  version,
  onClose,
}: WhoIsHereDrawerProps) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 300);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    ...atStepQueryOptions({ journeyId, nodeId: nodeId ?? "", version, q, after }),
    enabled: nodeId !== null,
  });
  const canAct = useCan(["journeys:publish"]);
  const action = usePathAction(journeyId);
  const [pending, setPending] = useState<Pending>(null);

  const run = (item: EnrollmentItem, act: PathAction, done: string) => {
    action.mutate(
      { id: item.id, action: act },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: `${item.contact.name}: ${done}` });
          setPending(null);
        },
        onError: (error) => {
          notifications.show({
            color: error && isApiError(error) && error.status === 409 ? "yellow" : "red",
            title: `${item.contact.name}: not done`,
            message: error.message,
          });
          setPending(null);
        },
      },
    );
  };

  const items = page.data?.items ?? [];
  const scope = version === null ? "all versions" : `version ${version}`;
  return (
    <Drawer
      opened={nodeId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={`Who is at “${label}” now (${scope})`}
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <TextInput
            label="Search"
            placeholder="Name, email, phone or external id"
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setCursors([null]);
            }}
            w={320}
          />
          {nodeId && (
            <Anchor href={atStepCsvUrl({ journeyId, nodeId, version, q })} download size="sm">
              Export CSV
            </Anchor>
          )}
        </Group>
        {page.error && (
          <Alert color="red" variant="light" title="Could not load the contacts">
            {page.error.message}
          </Alert>
        )}
        {page.data && items.length === 0 && (
          <Text size="sm" c="dimmed">
            Nobody{q ? " matching the search" : ""} is at this step now.
          </Text>
        )}
        {items.length > 0 && (
          <Table striped aria-label={`Contacts at ${label}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Here since</Table.Th>
                <Table.Th>Waiting for</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => {
                const here = item.at.find((p) => p.step.node_id === nodeId) ?? item.at[0];
                const waitable =
                  here?.waiting_for.kind === "timer" || here?.waiting_for.kind === "event";
                return (
                  <Table.Tr key={item.id} data-testid="who-is-here-row">
                    <Table.Td>
                      <Anchor component={Link} to={contactPath(item.contact.id)} size="sm">
                        {item.contact.name}
                      </Anchor>
                      {item.contact.email && (
                        <Text size="xs" c="dimmed">
                          {item.contact.email}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>v{item.version}</Table.Td>
                    <Table.Td>{formatDateTime(here?.since ?? item.entered_at)}</Table.Td>
                    <Table.Td>{here ? describeWaiting(here.waiting_for) : "—"}</Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button
                            size="compact-xs"
                            variant="default"
                            aria-label={`Actions for ${item.contact.name}`}
                          >
                            Actions
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item component={Link} to={enrollmentPath(item.id)}>
                            See the path
                          </Menu.Item>
                          {canAct && here && (
                            <>
                              <Menu.Item
                                disabled={!waitable}
                                onClick={() =>
                                  run(
                                    item,
                                    {
                                      kind: "end-wait",
                                      body: { at_step: here.step.node_id, token_id: here.token_id },
                                    },
                                    "the wait ended.",
                                  )
                                }
                              >
                                End the wait now
                              </Menu.Item>
                              <Menu.Item onClick={() => setPending({ kind: "move", item })}>
                                Move to another step…
                              </Menu.Item>
                              <Menu.Item
                                color="red"
                                onClick={() => setPending({ kind: "remove", item })}
                              >
                                Remove from the journey…
                              </Menu.Item>
                            </>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="space-between">
          <Button
            variant="default"
            size="xs"
            disabled={cursors.length <= 1}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous page
          </Button>
          <Button
            variant="default"
            size="xs"
            disabled={!page.data?.next_cursor}
            onClick={() => setCursors([...cursors, page.data?.next_cursor ?? null])}
          >
            Next page
          </Button>
        </Group>
      </Stack>
      {pending?.kind === "remove" && nodeId && (
        <Modal opened onClose={() => setPending(null)} title="Remove from the journey?">
          <Stack>
            <Text size="sm">
              {pending.item.contact.name} leaves “{pending.item.journey_name}” now: every path ends
              and open jobs are cancelled. This is recorded in the audit log.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)} data-autofocus>
                Keep
              </Button>
              <Button
                color="red"
                loading={action.isPending}
                onClick={() =>
                  run(
                    pending.item,
                    { kind: "remove", body: { at_step: nodeId } },
                    "removed from the journey.",
                  )
                }
              >
                Remove
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
      {pending?.kind === "move" && nodeId && (
        <MoveModal
          item={pending.item}
          from={nodeId}
          busy={action.isPending}
          onCancel={() => setPending(null)}
          onMove={(to, toLabel) =>
            run(
              pending.item,
              { kind: "move", body: { at_step: nodeId, to_step: to } },
              `moved to “${toLabel}”.`,
            )
          }
        />
      )}
    </Drawer>
  );
}

function MoveModal({
  item,
  from,
  busy,
  onCancel,
  onMove,
}: {
  item: EnrollmentItem;
  from: string;
  busy: boolean;
  onCancel: () => void;
  onMove: (to: string, label: string) => void;
}) {
  const version = useQuery(versionQueryOptions(item.journey_id, item.version));
  const [to, setTo] = useState<string | null>(null);
  const choices = version.data ? movableSteps(version.data.definition, from) : [];
  const label = choices.find((c) => c.value === to)?.label ?? "";
  return (
    <Modal opened onClose={onCancel} title={`Move ${item.contact.name} to another step`}>
      <Stack>
        <Text size="sm">
          The contact enters the step now (in version {item.version}): a wait starts afresh, an
          action runs.
        </Text>
        <Select
          label="Step"
          placeholder={version.isLoading ? "Loading the steps…" : "Pick a step"}
          data={choices}
          value={to}
          onChange={setTo}
          searchable
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button disabled={!to} loading={busy} onClick={() => to && onMove(to, label)}>
            Move
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
