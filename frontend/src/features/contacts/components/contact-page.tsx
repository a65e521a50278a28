import { Anchor, Badge, Grid, Group, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { PageLoader } from "@/components/page-loader/page-loader";
import { paths } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { contactQueryOptions } from "../api/contacts";
import { ConsentCard } from "./consent-card";
import { DetailsCard } from "./details-card";
import { JourneysCard } from "./journeys-card";
import { NotesCard } from "./notes-card";
import { ObjectsCard } from "./objects-card";
import { ProfileCard } from "./profile-card";
import { TimelineCard } from "./timeline-card";

export function ContactPage() {
  const { id = "" } = useParams();
  const canEdit = useCan(["contacts:write"]);
  const canSeeJourneys = useCan(["journeys:read"]);
  const contact = useQuery(contactQueryOptions(id));
  const title = contact.data?.name || contact.data?.email || "Contact";
  useDocumentTitle(`${title} · Contacts · Waymark`);

  if (contact.isLoading) return <PageLoader />;
  if (!contact.data)
    return (
      <Stack>
        <Anchor component={Link} to={paths.contacts}>
          ← All contacts
        </Anchor>
        <LoadError what="this contact" error={contact.error} />
      </Stack>
    );
  const data = contact.data;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to={paths.contacts} size="sm">
        ← All contacts
      </Anchor>
      <PageHeader
        title={title}
        description={
          <Group gap="xs" component="span">
            <Text span>
              {[data.email, data.phone, data.external_id].filter(Boolean).join(" · ")}
            </Text>
            {!canEdit && (
              <Badge variant="light" color="gray" tt="none">
                Read only
              </Badge>
            )}
          </Group>
        }
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            {/* A new key after each save: the form starts again from what was stored. */}
            <DetailsCard key={data.updated_at} contact={data} canEdit={canEdit} />
            <ObjectsCard contactId={data.id} canEdit={canEdit} />
            <NotesCard contactId={data.id} canEdit={canEdit} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            {canSeeJourneys && <JourneysCard contactId={data.id} contactName={data.name} />}
            <ProfileCard contact={data} canEdit={canEdit} />
            <ConsentCard contact={data} canEdit={canEdit} />
            <TimelineCard contactId={data.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
