"""The storage thread: one worker that runs blocking calls for the event loop, in the order
they were made.

`loop.run_in_executor` on a one-worker ThreadPoolExecutor costs ~100 µs of CPU per call (a
concurrent Future with its condition variable, chained to an asyncio future); this worker
hands the asyncio future itself to the thread and costs ~20 µs. An unchanged poll makes two
calls, and the whole poll's budget is 2 ms (bench/steady.py).

Semantics are run_in_executor's: a call cancelled before the thread starts it is not run; a
call cancelled while it runs finishes, and its result is dropped."""

from __future__ import annotations

import asyncio
import atexit
import queue
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_Job = tuple[Callable[[], object], asyncio.Future, asyncio.AbstractEventLoop]


class WorkerClosedError(RuntimeError):
    """A call made after `close`."""


class Worker:
    """`await worker.run(fn)` runs `fn()` on the worker's one thread and returns its result
    (or raises its exception)."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._closed = False
        # A daemon, so that the interpreter's exit does not wait for it forever; at exit it is
        # closed, and what was asked already still runs (as ThreadPoolExecutor does).
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()
        atexit.register(self.close)

    async def run(self, fn: Callable[[], T]) -> T:
        """`fn()` on the worker thread, awaited without blocking the loop."""
        if self._closed:
            raise WorkerClosedError("the worker is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((fn, future, loop))
        return await future

    def close(self, *, wait: bool = True) -> None:
        """Run what was asked already, then end the thread (joined when `wait`). Calling it
        twice is harmless."""
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
            atexit.unregister(self.close)
        if wait:
            self._thread.join()

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            _work(*job)
            del job  # no reference to the last call's future while waiting for the next


def _work(
    fn: Callable[[], object], future: asyncio.Future, loop: asyncio.AbstractEventLoop
) -> None:
    if future.cancelled():  # a read of the future's state: safe from this thread
        return
    try:
        result = fn()
    except BaseException as exc:  # the caller's to handle, as with run_in_executor
        _settle(loop, future, None, exc)
    else:
        _settle(loop, future, result, None)


def _settle(
    loop: asyncio.AbstractEventLoop,
    future: asyncio.Future,
    result: object,
    exc: BaseException | None,
) -> None:
    """Hand the outcome to the loop's thread; a loop closed meanwhile has nobody waiting."""
    try:
        loop.call_soon_threadsafe(_resolve, future, result, exc)
    except RuntimeError:
        pass


def _resolve(future: asyncio.Future, result: object, exc: BaseException | None) -> None:
    if future.cancelled():
        return
    if exc is None:
        future.set_result(result)
    elif isinstance(exc, StopIteration):  # a future refuses it: the caller would never wake
        error = RuntimeError(f"{type(exc).__name__} raised on the storage thread")
        error.__cause__ = exc
        future.set_exception(error)
    else:
        future.set_exception(exc)
