/**
 * Live job changes from GET /api/v1/jobs/stream (server-sent events), with a fallback:
 * while the stream is not connected the caller polls (the hook says how often), and on
 * every (re)connection it refetches, because messages missed while away are not replayed.
 */
import { useEffect, useRef, useState } from "react";
import type { JobStreamMessage } from "../types";

export type StreamStatus = "connecting" | "live" | "reconnecting";

/** How often to poll GET /jobs while the stream is down (docs/jobs-api.md suggests 10 s). */
export const POLL_INTERVAL_MS = 10_000;
/** A stream that closed for good (not one EventSource retries itself) is reopened after this. */
export const REOPEN_DELAY_MS = 3_000;

export interface JobStreamOptions {
  queues: readonly string[];
  /** One job changed (after its commit). */
  onJob: (message: JobStreamMessage) => void;
  /** The stream (re)connected: refetch what may have been missed. */
  onReady: () => void;
  enabled?: boolean;
}

export interface JobStream {
  status: StreamStatus;
  /** `refetchInterval` for the lists: poll only while the stream is not live. */
  pollInterval: number | false;
}

export function streamUrl(queues: readonly string[]): string {
  const params = new URLSearchParams();
  for (const queue of queues) params.append("queue", queue);
  const search = params.toString();
  return search ? `/api/v1/jobs/stream?${search}` : "/api/v1/jobs/stream";
}

function parse(data: unknown): JobStreamMessage | null {
  if (typeof data !== "string") return null;
  try {
    const message = JSON.parse(data) as Partial<JobStreamMessage>;
    return message && typeof message === "object" && message.job?.id
      ? (message as JobStreamMessage)
      : null;
  } catch {
    return null;
  }
}

export function useJobStream({
  queues,
  onJob,
  onReady,
  enabled = true,
}: JobStreamOptions): JobStream {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  // The latest callbacks, so a re-render does not reopen the stream.
  const handlers = useRef({ onJob, onReady });
  handlers.current = { onJob, onReady };
  const key = queues.join("\u0000");

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") {
      setStatus("reconnecting");
      return;
    }
    const url = streamUrl(key ? key.split("\u0000") : []);
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const open = () => {
      source = new EventSource(url, { withCredentials: true });
      source.addEventListener("ready", () => {
        setStatus("live");
        handlers.current.onReady();
      });
      source.addEventListener("job", (event) => {
        const message = parse((event as MessageEvent).data);
        if (message) handlers.current.onJob(message);
      });
      source.addEventListener("error", () => {
        if (stopped) return;
        setStatus("reconnecting");
        // CONNECTING: the browser retries by itself. CLOSED (e.g. a 401 or 5xx answer):
        // it gave up, so try again later ourselves while the lists poll meanwhile.
        if (source && source.readyState === EventSource.CLOSED) {
          source.close();
          reopenTimer = setTimeout(open, REOPEN_DELAY_MS);
        }
      });
    };
    setStatus("connecting");
    open();
    return () => {
      stopped = true;
      clearTimeout(reopenTimer);
      source?.close();
    };
  }, [key, enabled]);

  return { status, pollInterval: status === "live" ? false : POLL_INTERVAL_MS };
}
