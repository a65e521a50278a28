import { Center, Loader } from "@mantine/core";

/** Full-page spinner for the moment before the first route's code has loaded. */
export function PageLoader() {
  return (
    <Center h="100dvh" role="status" aria-label="Loading Waymark">
      <Loader size="md" />
    </Center>
  );
}
