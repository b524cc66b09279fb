"""The storage thread: calls run in order on one thread off the loop; exceptions, cancellation
and closing behave as with run_in_executor."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from storage.worker import Worker, WorkerClosedError

ROOT = Path(__file__).resolve().parents[2]


async def test_calls_run_in_order_on_one_thread_off_the_loop() -> None:
    worker = Worker("test-worker")
    try:
        seen: list[tuple[int, str]] = []

        def note(i: int) -> int:
            seen.append((i, threading.current_thread().name))
            return i * i

        results = await asyncio.gather(*(worker.run(lambda i=i: note(i)) for i in range(20)))
    finally:
        worker.close()
    assert results == [i * i for i in range(20)]
    assert [i for i, _ in seen] == list(range(20))
    assert {name for _, name in seen} == {"test-worker"}


async def test_an_exception_reaches_the_caller_and_the_worker_goes_on() -> None:
    worker = Worker("test-worker")
    try:

        def fail() -> None:
            raise ValueError("bad row")

        with pytest.raises(ValueError, match="bad row"):
            await worker.run(fail)
        assert await worker.run(lambda: "still here") == "still here"
    finally:
        worker.close()


async def test_a_stop_iteration_reaches_the_caller_as_an_error() -> None:
    # asyncio futures refuse StopIteration; passed on as it is, the caller would wait forever.
    worker = Worker("test-worker")
    try:
        with pytest.raises(RuntimeError, match="StopIteration") as raised:
            await asyncio.wait_for(worker.run(lambda: next(iter(()))), 5)
        assert isinstance(raised.value.__cause__, StopIteration)
    finally:
        worker.close()


async def test_a_call_cancelled_before_it_starts_is_not_run() -> None:
    worker = Worker("test-worker")
    gate = threading.Event()
    ran: list[str] = []
    try:
        blocker = asyncio.ensure_future(worker.run(gate.wait))
        queued = asyncio.ensure_future(worker.run(lambda: ran.append("queued")))
        await asyncio.sleep(0)  # both are on the worker's queue now
        queued.cancel()
        gate.set()
        assert await blocker is True
        with pytest.raises(asyncio.CancelledError):
            await queued
        assert await worker.run(lambda: "after") == "after"
    finally:
        worker.close()
    assert ran == []


async def test_a_call_cancelled_while_running_finishes_and_its_result_is_dropped() -> None:
    worker = Worker("test-worker")
    started, gate = threading.Event(), threading.Event()
    done: list[str] = []

    def slow() -> str:
        started.set()
        gate.wait()
        done.append("finished")
        return "dropped"

    try:
        call = asyncio.ensure_future(worker.run(slow))
        await asyncio.to_thread(started.wait)
        call.cancel()
        gate.set()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert await worker.run(lambda: "next") == "next"
    finally:
        worker.close()
    assert done == ["finished"]


async def test_close_runs_what_was_asked_then_ends_the_thread() -> None:
    worker = Worker("test-worker")
    ran: list[int] = []
    calls = [asyncio.ensure_future(worker.run(lambda i=i: ran.append(i))) for i in range(5)]
    await asyncio.sleep(0)
    worker.close()
    assert ran == [0, 1, 2, 3, 4]
    assert "test-worker" not in {t.name for t in threading.enumerate()}
    await asyncio.gather(*calls)
    with pytest.raises(WorkerClosedError):
        await worker.run(lambda: None)
    worker.close()  # twice is harmless


def test_a_result_for_a_loop_closed_meanwhile_is_dropped_and_the_worker_goes_on() -> None:
    worker = Worker("test-worker")
    started, gate = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        gate.wait()
        return "nobody waits"

    loop = asyncio.new_event_loop()
    try:
        call = loop.create_task(worker.run(slow))
        loop.run_until_complete(asyncio.to_thread(started.wait))
        call.cancel()
        loop.run_until_complete(asyncio.gather(call, return_exceptions=True))
    finally:
        loop.close()
    gate.set()  # the worker now hands its result to a closed loop
    try:
        assert asyncio.run(asyncio.wait_for(worker.run(lambda: "served"), 5)) == "served"
    finally:
        worker.close()


def test_at_exit_what_was_asked_still_runs(tmp_path: Path) -> None:
    # A program that leaves without closing its worker: the call it made still completes
    # (as a ThreadPoolExecutor's would), and the program still exits.
    marker = tmp_path / "written"
    program = f"""
import asyncio, time
from pathlib import Path
from storage.worker import Worker

worker = Worker("sqlite")

async def main():
    slow = lambda: (time.sleep(0.3), Path({str(marker)!r}).write_text("done"))
    asyncio.ensure_future(worker.run(slow))
    await asyncio.sleep(0.05)

asyncio.run(main())
"""
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "done"
