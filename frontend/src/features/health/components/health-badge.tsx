import { Badge, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type HealthReport, healthQueryOptions } from "../api/get-health";
import classes from "./health-badge.module.css";

type HealthState = "checking" | "ok" | "degraded" | "unreachable";

const LOOK: Record<HealthState, { color: string; label: string }> = {
  checking: { color: "gray", label: "API checking…" },
  ok: { color: "green", label: "API OK" },
  degraded: { color: "red", label: "API down" },
  unreachable: { color: "red", label: "API unreachable" },
};

function failingChecks(report: HealthReport): string[] {
  return Object.entries(report.checks)
    .filter(([, result]) => result !== "ok")
    .map(([name]) => name);
}

function describe(state: HealthState, report: HealthReport | undefined, error: Error | null) {
  if (state === "unreachable") return error?.message ?? "No answer from the API";
  if (!report) return "Asking the API…";
  const checks = Object.entries(report.checks);
  if (checks.length === 0) return `status: ${report.status}`;
  return checks.map(([name, result]) => `${name}: ${result}`).join(" · ");
}

/** Readiness of the API and its dependencies, refreshed in the background. */
export function HealthBadge() {
  const { data, error, isPending } = useQuery(healthQueryOptions);

  let state: HealthState;
  if (data) state = data.status === "ok" ? "ok" : "degraded";
  else state = isPending ? "checking" : "unreachable";
  // A failed refetch after a good answer must not keep showing OK.
  if (error) state = "unreachable";

  const failing = data && state === "degraded" ? failingChecks(data) : [];
  const label =
    failing.length > 0 ? `${LOOK[state].label}: ${failing.join(", ")}` : LOOK[state].label;

  return (
    <Tooltip label={describe(state, data, error)} withArrow position="bottom-end">
      <Badge
        role="status"
        aria-live="polite"
        data-status={state}
        variant="dot"
        color={LOOK[state].color}
        size="lg"
        radius="sm"
        tt="none"
        className={state === "ok" || state === "checking" ? classes.quiet : undefined}
      >
        <span className={classes.label}>{label}</span>
      </Badge>
    </Tooltip>
  );
}
