import { notifications } from "@mantine/notifications";

/** Feedback for a mutation that worked. */
export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: "green", title, message, autoClose: 5000 });
}

/** Feedback for a mutation that failed: the server's problem detail, as the api client gives it. */
export function notifyError(error: unknown, title = "That did not work"): void {
  const message = error instanceof Error ? error.message : String(error);
  notifications.show({ color: "red", title, message, autoClose: 10_000 });
}
