import { Alert, List, Text } from "@mantine/core";
import { isApiError } from "@/lib/api-client";

/** The API's refusal in words, with each mapping it names. */
export function ErrorAlert({ error, title }: { error: unknown; title: string }) {
  const errors =
    isApiError(error) && Array.isArray(error.problem?.errors)
      ? (error.problem.errors as { field: string; message: string }[])
      : [];
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm">{error instanceof Error ? error.message : String(error)}</Text>
      {errors.length > 1 && (
        <List size="sm">
          {errors.map((e) => (
            <List.Item key={`${e.field}:${e.message}`}>
              {e.field}: {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
