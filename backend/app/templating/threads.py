"""Renders run in threads of their own, never in the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Final, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# A render may take up to the sandbox's deadline: two threads, so a burst of heavy
# previews waits its turn instead of taking the threads that the rest of the app's
# `asyncio.to_thread` work (PDFs, files) uses.
_RENDERERS: Final = ThreadPoolExecutor(max_workers=2, thread_name_prefix="render")


async def off_loop(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a render or a check (app.templating.render) in a thread: the event loop
    serves others meanwhile. The sandbox's bounds end every render within about its
    deadline, so no thread is left running."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_RENDERERS, lambda: function(*args, **kwargs))
