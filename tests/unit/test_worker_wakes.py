"""How rings reach a worker's drainers (app.worker.loops._Wakes) and how rings are
coalesced on their way out (app.worker.bell._Coalesced): no I/O."""

from __future__ import annotations

import asyncio

from app.worker.bell import _Coalesced
from app.worker.loops import _Wakes
from tests.support.faults import wait_for


async def test_a_ring_wakes_one_sleeping_drainer_not_all() -> None:
    wakes = _Wakes(3)
    sleepers = [asyncio.create_task(wakes.sleep(n, 5.0)) for n in range(3)]

    async def all_asleep() -> bool:
        return wakes.sleeping == 3

    await wait_for(all_asleep, seconds=5, what="three drainers asleep")
    wakes.wake_one()
    # One call went out, to one drainer: the others stay asleep whatever the timing.
    assert [wakes.called(n) for n in range(3)] == [True, False, False]
    done, pending = await asyncio.wait(sleepers, timeout=5.0, return_when=asyncio.FIRST_COMPLETED)
    assert len(done) == 1
    assert [task.result() for task in done] == [True]
    assert wakes.sleeping == 2
    wakes.wake_all()
    assert await asyncio.gather(*pending) == [True, True]


async def test_a_ring_while_every_drainer_is_busy_makes_one_go_again() -> None:
    wakes = _Wakes(2)
    wakes.clear(0)
    wakes.clear(1)  # both in a pass
    wakes.wake_one()
    # After its pass, the one called does not sleep: it is called already.
    called = await asyncio.gather(wakes.sleep(0, 5.0), wakes.sleep(1, 0.01))
    assert sorted(called) == [False, True]


async def test_a_drainer_not_called_sleeps_its_time_out() -> None:
    wakes = _Wakes(1)
    assert await wakes.sleep(0, 0.01) is False


async def test_rings_asked_for_while_one_is_on_its_way_go_once_after_it() -> None:
    rung: list[int] = []
    release = asyncio.Event()

    async def ring() -> None:
        rung.append(len(rung))
        await release.wait()

    coalesced = _Coalesced(ring)
    first = asyncio.create_task(coalesced())

    async def first_on_its_way() -> bool:
        return rung == [0]

    await wait_for(first_on_its_way, seconds=5, what="the first ring on its way")
    # Ten commits while the first ring is on its way: none waits, one ring follows.
    await asyncio.gather(*(coalesced() for _ in range(10)))
    assert rung == [0]
    release.set()
    await first
    assert rung == [0, 1]
    await coalesced()  # nothing in flight: rings at once
    assert rung == [0, 1, 2]
