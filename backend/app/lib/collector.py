"""Python's garbage collector, settled for a long-running process (the API, a worker)."""

from __future__ import annotations

import gc
from typing import Final

# Objects allocated before a young-generation collection (CPython: 700).
_FIRST_GENERATION: Final = 10_000


def settle_garbage_collector() -> None:
    """What a process loaded to start (modules, mappers, compiled queries) lives as long as
    the process: frozen out of the collector's sight, and young collections made rarer.

    A worker spent about 5 % of its CPU on collections that walked all of it (bench.engine,
    40,000 events: 22.4 s of worker CPU before, 21.2 s after); in the API one full
    collection took 107 ms, and the request it landed on (a 7 ms queue page) waited that
    long.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(_FIRST_GENERATION, *gc.get_threshold()[1:])
