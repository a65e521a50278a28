import { Alert } from "@mantine/core";

type LoadErrorProps = {
  /** What failed to load, as the title says it: "users", "the audit log". */
  what: string;
  error: Error | null;
};

/** The one way a page says a query failed: nothing when there is no error. */
export function LoadError({ what, error }: LoadErrorProps) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={`Could not load ${what}`}>
      {error.message}
    </Alert>
  );
}
