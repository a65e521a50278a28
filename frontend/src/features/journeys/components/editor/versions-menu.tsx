import { Button, Menu, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ChevronDownIcon } from "@/components/icons/icons";
import { journeyPath, journeyVersionPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import { versionsQueryOptions } from "../../api/journeys";

/** The published versions; each opens read-only. */
export function VersionsMenu({ journeyId, current }: { journeyId: string; current?: number }) {
  const versions = useQuery(versionsQueryOptions(journeyId));
  return (
    <Menu position="bottom-end" withinPortal>
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
          <Menu.Item key={v.version} component={Link} to={journeyVersionPath(journeyId, v.version)}>
            <Text size="sm" fw={v.version === current ? 700 : 400}>
              Version {v.version}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(v.published_at)} · {v.published_by.name}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
