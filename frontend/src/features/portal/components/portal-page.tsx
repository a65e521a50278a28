import { Alert, Card, Group, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { PortalIcon } from "@/components/icons/icons";
import { PagePlaceholder } from "@/components/page-placeholder/page-placeholder";
import { portalMeQueryOptions } from "../api/get-portal-me";

export function PortalPage() {
  useDocumentTitle("Customer portal · Waymark");
  const { data: contact, error, isPending } = useQuery(portalMeQueryOptions);

  return (
    <Stack gap="lg">
      <PagePlaceholder
        title="Customer portal"
        summary="Where you see your own data and serve yourself."
        icon={<PortalIcon size={24} />}
        upcoming={[
          "Your details, orders, returns and tickets",
          "Update your details and preferences",
          "Start a request, such as a return or a support ticket",
          "Export your own data",
        ]}
      >
        <Card withBorder padding="lg" radius="md">
          {error ? (
            <Alert color="red" variant="light" title="Could not load your details">
              {error.message}
            </Alert>
          ) : (
            <Group gap="md" wrap="nowrap">
              <ThemeIcon size={40} radius="xl" variant="light" color="teal">
                <PortalIcon size={22} />
              </ThemeIcon>
              <Stack gap={2}>
                {isPending ? (
                  <Skeleton height={20} width={220} />
                ) : (
                  <Title order={2} size="h4">
                    Signed in as {contact.name}
                  </Title>
                )}
                <Text size="sm" c="dimmed">
                  {contact?.email ?? "\u00a0"}
                </Text>
              </Stack>
            </Group>
          )}
        </Card>
      </PagePlaceholder>
    </Stack>
  );
}
