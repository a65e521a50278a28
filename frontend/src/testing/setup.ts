import "@testing-library/jest-dom/vitest";
import { notifications } from "@mantine/notifications";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import { setCsrfToken } from "@/lib/api-client";

// `findBy…` waits this long: the first render of a lazily loaded page can take more than
// the default second while other test files run in parallel.
configure({ asyncUtilTimeout: 4000 });

afterEach(() => {
  cleanup();
  notifications.clean();
  setCsrfToken(null);
});
