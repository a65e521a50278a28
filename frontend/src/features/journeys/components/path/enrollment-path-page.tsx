import { Alert, Anchor, Badge, Group, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { PageLoader } from "@/components/page-loader/page-loader";
import { contactPath, journeyPath, journeyVersionPath, paths } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import { enrollmentQueryOptions } from "../../api/enrollments";
import { versionQueryOptions } from "../../api/journeys";
import { useEditorStore } from "../../store/editor-store";
import { EditorLayout } from "../editor/editor-layout";
import { useCatalogInStore } from "../editor/journey-editor-page";
import { PathHighlightContext } from "../editor/path-trace/path-highlight";
import { highlightOf, linesOfEnrollment } from "./path-model";
import { PathSteps } from "./path-steps";

/**
 * `/enrollments/:id`: one contact's path through a journey, read-only — the version's
 * canvas with the steps it went through and where it stands now highlighted, and each
 * step's trace (what it saw, why it left by its exit) in the panel beside it.
 */
export function EnrollmentPathPage() {
  const { id = "" } = useParams();
  const enrollment = useQuery(enrollmentQueryOptions(id));
  const item = enrollment.data;
  const version = useQuery({
    ...versionQueryOptions(item?.journey_id ?? "", item?.version ?? 0),
    enabled: Boolean(item),
  });
  useDocumentTitle(
    `${item?.contact.name ?? "Contact"} in ${item?.journey_name ?? "a journey"} · Waymark`,
  );
  const catalog = useCatalogInStore();
  const [loaded, setLoaded] = useState<string | null>(null);
  const lines = useMemo(() => (item ? linesOfEnrollment(item) : []), [item]);
  const highlight = useMemo(() => (item ? highlightOf(item) : null), [item]);
  const [selected, setSelected] = useState<string | null>(null);
  const key = item ? `${item.journey_id}@${item.version}` : "";

  useEffect(() => {
    if (!version.data || loaded === key) return;
    useEditorStore.getState().load(version.data.definition, { readOnly: true });
    useEditorStore.getState().setProblems([]);
    setLoaded(key);
  }, [version.data, loaded, key]);

  // Open on the latest step: what happened last is what one usually came to see.
  useEffect(() => {
    if (selected === null && lines.length > 0) setSelected(lines.at(-1)?.id ?? null);
  }, [lines, selected]);

  // Clicking a step on the canvas opens the latest trace of that step.
  const selectedNode = useEditorStore((s) => s.nodes.find((n) => n.selected)?.id ?? null);
  useEffect(() => {
    if (!selectedNode) return;
    const last = [...lines].reverse().find((line) => line.nodeId === selectedNode);
    if (last) setSelected(last.id);
  }, [selectedNode, lines]);

  const error = enrollment.error ?? version.error;
  if (error) {
    return (
      <Alert color="red" variant="light" title="Could not open this path">
        {error.message}
      </Alert>
    );
  }
  if (!item || !version.data || loaded !== key) return <PageLoader />;
  const toolbar = (
    <Group gap="sm" wrap="nowrap">
      <Anchor component={Link} to={paths.contacts} size="sm">
        Contacts
      </Anchor>
      <Text c="dimmed">/</Text>
      <Anchor component={Link} to={contactPath(item.contact.id)} size="sm">
        {item.contact.name}
      </Anchor>
      <Text c="dimmed">/</Text>
      <Title order={1} size="h4" lineClamp={1}>
        Path through {item.journey_name}
      </Title>
      <Anchor component={Link} to={journeyVersionPath(item.journey_id, item.version)} size="sm">
        <Badge variant="light" color="gray" tt="none">
          v{item.version}
        </Badge>
      </Anchor>
    </Group>
  );
  const where =
    item.at.length > 0
      ? `Now at ${item.at.map((position) => `“${position.step.label}”`).join(" and ")}.`
      : `Left the journey ${formatDateTime(item.ended_at)} (${item.ended_reason ?? item.status}).`;
  const banner = (
    <Alert color="blue" variant="light" p="xs" title={`${item.contact.name}'s path`}>
      Entered {formatDateTime(item.entered_at)}. {where} Numbered steps show where the contact went
      (in order); it waits at the highlighted ones now. Read-only;{" "}
      <Anchor component={Link} to={journeyPath(item.journey_id)} size="sm">
        open the journey
      </Anchor>{" "}
      to see everyone's numbers.
    </Alert>
  );
  const side = (
    <ScrollArea h="100%" p="sm">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Steps taken
          {item.path_total > lines.length ? ` (last ${lines.length} of ${item.path_total})` : ""}
        </Title>
        <PathSteps lines={lines} selected={selected} onSelect={setSelected} />
      </Stack>
    </ScrollArea>
  );
  return (
    <ReactFlowProvider>
      <PathHighlightContext.Provider value={highlight}>
        <EditorLayout
          toolbar={toolbar}
          banner={banner}
          catalog={catalog}
          showPalette={false}
          side={{ label: "Path and traces", content: side }}
        />
      </PathHighlightContext.Provider>
    </ReactFlowProvider>
  );
}
