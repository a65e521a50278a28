import { Anchor, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { paths } from "@/config/paths";
import { portalHomeQueryOptions } from "../api/portal-api";
import { MessageLink } from "./message-link";

/** The portal's front page: who is signed in, what a journey highlights, what is open. */
export function HomePage() {
  useDocumentTitle("Customer portal · Waymark");
  const { data: home, error, isPending } = useQuery(portalHomeQueryOptions);

  return (
    <Stack gap="lg">
      <PageHeader
        title="Customer portal"
        description={
          isPending ? (
            <Skeleton component="span" height={16} width={200} display="inline-block" />
          ) : (
            `Signed in as ${home?.name ?? ""}`
          )
        }
      />
      <LoadError what="your portal" error={error} />
      {home && home.highlights.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="highlights-title">
          <Title order={2} size="h4" id="highlights-title">
            For you
          </Title>
          {home.highlights.map((item) => (
            <Card key={item.id} withBorder radius="md" padding="lg" bg="blue.0">
              <Text fw={600}>{item.title}</Text>
              <Text size="sm">{item.body}</Text>
              {item.link && <MessageLink link={item.link} />}
            </Card>
          ))}
        </Stack>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder radius="md" padding="lg">
          <Text size="sm" c="dimmed">
            Requests in progress
          </Text>
          <Text fz={32} fw={700}>
            {home?.open_records ?? "–"}
          </Text>
          <Group gap="md">
            <Anchor component={Link} to={paths.portalReturns} size="sm">
              Returns
            </Anchor>
            <Anchor component={Link} to={paths.portalTickets} size="sm">
              Support
            </Anchor>
            <Anchor component={Link} to={paths.portalAppointments} size="sm">
              Appointments
            </Anchor>
          </Group>
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Text size="sm" c="dimmed">
            Unread messages
          </Text>
          <Text fz={32} fw={700}>
            {home?.unread_messages ?? "–"}
          </Text>
          <Anchor component={Link} to={paths.portalMessages} size="sm">
            Read your messages
          </Anchor>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
