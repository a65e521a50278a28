import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource, mockEventSource } from "@/testing/event-source-mock";
import type { JobStreamMessage } from "../types";
import { POLL_INTERVAL_MS, REOPEN_DELAY_MS, useJobStream } from "./use-job-stream";

const message = {
  action: "job.claimed",
  job: { id: "j-1", title: "Confirm order E-1", version: 2 },
  actor_id: "u-1",
  at: "2026-11-23T03:00:00Z",
} as unknown as JobStreamMessage;

describe("useJobStream", () => {
  beforeEach(() => {
    mockEventSource();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  function setup(queues = ["administration"]) {
    const onJob = vi.fn();
    const onReady = vi.fn();
    const hook = renderHook(
      (props: { queues: string[] }) => useJobStream({ queues: props.queues, onJob, onReady }),
      { initialProps: { queues } },
    );
    return { ...hook, onJob, onReady };
  }

  it("subscribes to the view's queues, polls until ready, then stops polling", () => {
    const { result, onReady } = setup(["administration", "production"]);
    const source = FakeEventSource.latest();
    expect(source.url).toBe("/api/v1/jobs/stream?queue=administration&queue=production");
    expect(source.withCredentials).toBe(true);
    expect(result.current).toEqual({ status: "connecting", pollInterval: POLL_INTERVAL_MS });

    act(() => source.ready(["administration", "production"]));
    expect(result.current).toEqual({ status: "live", pollInterval: false });
    // Messages missed before the stream was up are fetched again.
    expect(onReady).toHaveBeenCalledTimes(1);
  });

  it("hands each job message over and ignores garbage", () => {
    const { onJob } = setup();
    const source = FakeEventSource.latest();
    act(() => source.ready());
    act(() => source.emit("job", message));
    act(() => source.dispatchEvent(new MessageEvent("job", { data: "not json" })));
    act(() => source.emit("job", { action: "job.created" }));
    expect(onJob).toHaveBeenCalledTimes(1);
    expect(onJob).toHaveBeenCalledWith(message);
  });

  it("falls back to polling when the stream drops, and refetches when it is back", () => {
    const { result, onReady } = setup();
    const source = FakeEventSource.latest();
    act(() => source.ready());

    // The browser is retrying by itself: poll meanwhile, open nothing new.
    act(() => source.drop());
    expect(result.current).toEqual({ status: "reconnecting", pollInterval: POLL_INTERVAL_MS });
    expect(FakeEventSource.instances).toHaveLength(1);

    act(() => source.ready());
    expect(result.current.status).toBe("live");
    expect(onReady).toHaveBeenCalledTimes(2);
  });

  it("reopens a stream the browser gave up on, after a pause", () => {
    const { result } = setup();
    const first = FakeEventSource.latest();
    act(() => first.ready());
    act(() => first.drop(true));
    expect(result.current.status).toBe("reconnecting");
    expect(FakeEventSource.instances).toHaveLength(1);

    act(() => vi.advanceTimersByTime(REOPEN_DELAY_MS));
    expect(FakeEventSource.instances).toHaveLength(2);
    const second = FakeEventSource.latest();
    act(() => second.ready());
    expect(result.current.status).toBe("live");
  });

  it("closes the stream on unmount and opens a new one when the queues change", () => {
    const { rerender, unmount } = setup(["administration"]);
    const first = FakeEventSource.latest();
    rerender({ queues: ["production"] });
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
    const second = FakeEventSource.latest();
    expect(second.url).toBe("/api/v1/jobs/stream?queue=production");
    unmount();
    expect(second.readyState).toBe(FakeEventSource.CLOSED);
  });
});
