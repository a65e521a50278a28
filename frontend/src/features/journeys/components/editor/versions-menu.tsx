import { Button, Menu, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { ChevronDownIcon } from "@/components/icons/icons";
import { journeyPath, journeyVersionPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import { waitingQueryOptions } from "../../api/enrollments";
import { versionsQueryOptions } from "../../api/journeys";
import { MoveContactsModal } from "./migration/move-contacts-modal";

interface VersionsMenuProps {
  journeyId: string;
  /** The version on screen (a read-only version page); none on the draft. */
  current?: number;
  /** The live version: contacts left on older ones can be moved to it. */
  published?: number | null;
  /** The person may move running contacts (journeys:publish). */
  canMove?: boolean;
}

/**
 * The published versions; each opens read-only. With contacts still on versions older
 * than the live one, "Move … contacts to version N…" opens the publish dialog's
 * migration plan for them.
 */
export function VersionsMenu({
  journeyId,
  current,
  published = null,
  canMove = false,
}: VersionsMenuProps) {
  const versions = useQuery(versionsQueryOptions(journeyId));
  const [open, setOpen] = useState(false);
  const [moving, setMoving] = useState(false);
  const offerMove = canMove && published !== null;
  const waiting = useQuery({ ...waitingQueryOptions(journeyId), enabled: offerMove && open });
  const older = (waiting.data ?? [])
    .filter((v) => v.version !== null && published !== null && v.version < published)
    .reduce((sum, v) => sum + v.total, 0);
  return (
    <>
      <Menu position="bottom-end" withinPortal opened={open} onChange={setOpen}>
        <Menu.Target>
          <Button variant="default" size="xs" rightSection={<ChevronDownIcon size={14} />}>
            {current ? `Version ${current}` : "Versions"}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {current !== undefined && (
            <Menu.Item component={Link} to={journeyPath(journeyId)}>
              Back to the draft
            </Menu.Item>
          )}
          <Menu.Label>Published versions</Menu.Label>
          {versions.data?.length === 0 && (
            <Menu.Item disabled>
              <Text size="sm">Not published yet</Text>
            </Menu.Item>
          )}
          {versions.data?.map((v) => (
            <Menu.Item
              key={v.version}
              component={Link}
              to={journeyVersionPath(journeyId, v.version)}
            >
              <Text size="sm" fw={v.version === current ? 700 : 400}>
                Version {v.version}
                {v.version === published ? " (live)" : ""}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(v.published_at)} · {v.published_by.name}
              </Text>
            </Menu.Item>
          ))}
          {offerMove && older > 0 && (
            <>
              <Menu.Divider />
              <Menu.Item onClick={() => setMoving(true)}>
                Move {older} contact{older === 1 ? "" : "s"} on older versions to version{" "}
                {published}…
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {published !== null && (
        <MoveContactsModal
          journeyId={journeyId}
          version={published}
          opened={moving}
          onClose={() => setMoving(false)}
        />
      )}
    </>
  );
}
