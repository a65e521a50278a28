import { Alert, Anchor, Group, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { PageLoader } from "@/components/page-loader/page-loader";
import { journeyPath, paths } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { formatDateTime } from "@/lib/format";
import { journeyQueryOptions, versionQueryOptions } from "../../api/journeys";
import { useEditorStore } from "../../store/editor-store";
import { EditorLayout } from "./editor-layout";
import { useCatalogInStore } from "./journey-editor-page";
import { VersionsMenu } from "./versions-menu";

/** `/journeys/:id/versions/:version`: a published version, read-only. */
export function JourneyVersionPage() {
  const { id = "", version = "" } = useParams();
  const number = Number(version);
  const journey = useQuery(journeyQueryOptions(id));
  const published = useQuery(versionQueryOptions(id, number));
  useDocumentTitle(`Version ${number} · ${journey.data?.name ?? "Journey"} · Waymark`);
  const catalog = useCatalogInStore();
  const canMove = useCan(["journeys:publish"]);
  const [loaded, setLoaded] = useState<string | null>(null);
  const key = `${id}@${number}`;

  useEffect(() => {
    if (!published.data || loaded === key) return;
    useEditorStore.getState().load(published.data.definition, { readOnly: true });
    useEditorStore.getState().setProblems([]);
    setLoaded(key);
  }, [published.data, loaded, key]);

  if (published.error) {
    return (
      <Alert color="red" variant="light" title="Could not open this version">
        {published.error.message}{" "}
        <Anchor component={Link} to={journeyPath(id)}>
          Back to the draft
        </Anchor>
      </Alert>
    );
  }
  if (!published.data || loaded !== key) return <PageLoader />;
  const v = published.data;
  const toolbar = (
    <Group justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Anchor component={Link} to={paths.journeys} size="sm">
          Journeys
        </Anchor>
        <Text c="dimmed">/</Text>
        <Anchor component={Link} to={journeyPath(id)} size="sm">
          {journey.data?.name ?? "Journey"}
        </Anchor>
        <Text c="dimmed">/</Text>
        <Title order={1} size="h4">
          Version {v.version}
        </Title>
      </Group>
      <VersionsMenu
        journeyId={id}
        current={v.version}
        published={journey.data?.published_version ?? null}
        canMove={canMove}
      />
    </Group>
  );
  const banner = (
    <Alert
      color="orange"
      variant="light"
      title={`Read-only: published version ${v.version}`}
      p="xs"
    >
      Published {formatDateTime(v.published_at)} by {v.published_by.name}
      {v.note ? ` — “${v.note.replace(/\.$/, "")}”` : ""}. Published versions never change; edit the{" "}
      <Anchor component={Link} to={journeyPath(id)} size="sm">
        draft
      </Anchor>{" "}
      instead.
    </Alert>
  );
  return (
    <ReactFlowProvider>
      <EditorLayout toolbar={toolbar} banner={banner} catalog={catalog} showPalette={false} />
    </ReactFlowProvider>
  );
}
