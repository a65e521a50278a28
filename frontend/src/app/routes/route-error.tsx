import { Alert, Button, Container, Stack, Title } from "@mantine/core";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { paths } from "@/config/paths";

/** Shown when a route's loader or component throws (including a failed chunk download). */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : "Unknown error";

  return (
    <Container size="sm" py="xl">
      <Stack gap="md" align="flex-start">
        <Title order={1}>Something went wrong</Title>
        <Alert color="red" variant="light" title="Error" w="100%">
          {message}
        </Alert>
        <Button component={Link} to={paths.root} reloadDocument>
          Reload Waymark
        </Button>
      </Stack>
    </Container>
  );
}
