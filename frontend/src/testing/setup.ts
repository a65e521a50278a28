import "@testing-library/jest-dom/vitest";
import { notifications } from "@mantine/notifications";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { setCsrfToken } from "@/lib/api-client";

afterEach(() => {
  cleanup();
  notifications.clean();
  setCsrfToken(null);
});
