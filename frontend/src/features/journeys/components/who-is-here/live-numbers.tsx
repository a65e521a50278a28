import { Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import type { JourneyStats } from "@/types/generated/reports-api";
import { versionStatsQueryOptions } from "../../api/enrollments";
import { statsQueryOptions, versionsQueryOptions } from "../../api/journeys";
import { KINDS } from "../../model/node-kinds";
import { useEditorStore } from "../../store/editor-store";
import { WhoIsHereContext } from "./who-is-here-context";
import { WhoIsHereDrawer } from "./who-is-here-drawer";

const ALL = "all";

/**
 * The canvas's live numbers on a journey's page: over every version or one (a version
 * picker for the toolbar), and "who is at this step" behind each step's waiting count.
 */
export function useLiveNumbers(journeyId: string, published: boolean, shown: boolean) {
  const [version, setVersion] = useState<number | null>(null);
  const [nodeId, setNodeId] = useState<string | null>(null);
  const every = useQuery({ ...statsQueryOptions(journeyId), enabled: shown && version === null });
  const one = useQuery({
    ...versionStatsQueryOptions(journeyId, version),
    enabled: shown && version !== null,
  });
  const versions = useQuery({ ...versionsQueryOptions(journeyId), enabled: published });
  const label = useEditorStore((s) => {
    const node = s.nodes.find((n) => n.id === nodeId);
    return node ? node.data.label || KINDS[node.type]?.label || node.id : (nodeId ?? "");
  });
  const stats: JourneyStats | null = shown
    ? ((version === null ? every.data : one.data) ?? null)
    : null;

  const picker = published && shown && (
    <Select
      size="xs"
      w={150}
      aria-label="Numbers of"
      data={[
        { value: ALL, label: "All versions" },
        ...(versions.data ?? []).map((v) => ({
          value: String(v.version),
          label: `Version ${v.version}`,
        })),
      ]}
      value={version === null ? ALL : String(version)}
      onChange={(value) => setVersion(!value || value === ALL ? null : Number(value))}
      allowDeselect={false}
    />
  );

  const provide = (children: ReactNode) => (
    <WhoIsHereContext.Provider value={published && shown ? setNodeId : null}>
      {children}
      <WhoIsHereDrawer
        journeyId={journeyId}
        nodeId={nodeId}
        label={label}
        version={version}
        onClose={() => setNodeId(null)}
      />
    </WhoIsHereContext.Provider>
  );
  return { stats, picker, provide };
}
