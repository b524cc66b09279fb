"""`Memo.computed`: callers asking for the same key while it is computed share one
computation (a page's first visitors do not each draw its chart); failures and `None`
are not kept; a caller that gives up does not cancel it for the others."""

from __future__ import annotations

import asyncio

import pytest

from handlers.memo import Memo


async def test_concurrent_callers_share_one_computation() -> None:
    memo, calls, release = Memo(), [], asyncio.Event()

    async def draw() -> bytes:
        calls.append(1)
        await release.wait()
        return b"png"

    waiting = [asyncio.create_task(memo.computed("k", draw)) for _ in range(3)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*waiting) == [b"png"] * 3
    assert len(calls) == 1
    assert await memo.computed("k", draw) == b"png" and len(calls) == 1


async def test_a_failure_or_none_is_not_kept() -> None:
    memo = Memo()

    async def fails() -> bytes:
        raise RuntimeError("the renderer died")

    with pytest.raises(RuntimeError):
        await memo.computed("k", fails)

    async def nothing() -> None:
        return None

    assert await memo.computed("k", nothing) is None

    async def draws() -> bytes:
        return b"png"

    assert await memo.computed("k", draws) == b"png"
    assert memo.get("k") == b"png"


async def test_a_caller_giving_up_does_not_cancel_it_for_the_others() -> None:
    memo, release = Memo(), asyncio.Event()

    async def slow() -> bytes:
        await release.wait()
        return b"png"

    impatient = asyncio.create_task(memo.computed("k", slow))
    patient = asyncio.create_task(memo.computed("k", slow))
    await asyncio.sleep(0)
    impatient.cancel()
    release.set()
    assert await patient == b"png"
    assert impatient.cancelled()
