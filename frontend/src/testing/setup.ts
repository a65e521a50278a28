import "@testing-library/jest-dom/vitest";
import { notifications } from "@mantine/notifications";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import { setCsrfToken } from "@/lib/api-client";

// How long `findBy…` and `waitFor` wait for a state: a budget, not a schedule (they
// return as soon as the state is there). One for the whole suite, generous, because the
// first render of a lazily loaded page can take seconds while other test files (and other
// work on the machine) run; tests do not set shorter ones of their own.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  notifications.clean();
  setCsrfToken(null);
});
