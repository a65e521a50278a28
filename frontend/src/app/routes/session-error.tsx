import { Alert, Button, Container, Stack, Title } from "@mantine/core";
import { MAIN_CONTENT_ID } from "@/components/skip-link/skip-link";

interface SessionErrorProps {
  error: Error;
  retry: () => void;
  /** True outside any layout, where this is the page's only content. */
  asMain?: boolean;
}

/** Shown when we could not even ask the API who is signed in. */
export function SessionError({ error, retry, asMain = false }: SessionErrorProps) {
  const content = (
    <Container size="sm" py="xl">
      <Stack gap="md" align="flex-start">
        <Title order={1}>Waymark is not answering</Title>
        <Alert color="red" variant="light" title="Could not check your session" w="100%">
          {error.message}
        </Alert>
        <Button onClick={retry}>Try again</Button>
      </Stack>
    </Container>
  );
  return asMain ? <main id={MAIN_CONTENT_ID}>{content}</main> : content;
}
