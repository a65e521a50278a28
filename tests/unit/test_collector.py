"""The garbage collector settled for a long-running process (API and worker)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.lib.collector import settle_garbage_collector


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_collector")
def test_what_the_process_loaded_is_frozen_out_of_sight() -> None:
    gc.unfreeze()
    settle_garbage_collector()
    # Everything alive at start-up, modules and mappers included, is no longer walked.
    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold()[0] == 10_000
    assert not any(
        obj is test_what_the_process_loaded_is_frozen_out_of_sight for obj in gc.get_objects()
    )
