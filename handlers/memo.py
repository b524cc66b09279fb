"""Replies worth keeping: a small in-process memo for values computed from the database
(such as /law N with its chart), keyed by what they were computed from, so a key that
includes the data's version is never stale."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """At most `size` values; the least recently used goes first."""

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._computing: dict[Hashable, asyncio.Future[Any]] = {}

    def get(self, key: Hashable) -> Any | None:
        """The value kept for `key`, or None when there is none; a hit becomes the most recently
        used."""
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep `value` under `key` as the most recently used, dropping the least recently used
        beyond `size`."""
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self._size:
            self._values.popitem(last=False)

    async def computed(
        self,
        key: Hashable,
        compute: Callable[[], Awaitable[T]],
        keep: Callable[[T], bool] = lambda _: True,
    ) -> T:
        """The value kept for `key`, else `compute()`'s, kept when `keep` says so. Callers
        asking for the same key while it is computed wait for that one computation (a
        page's first visitors do not each draw its chart); a caller that gives up does not
        cancel it for the others."""
        value = self.get(key)
        if value is not None:
            return value
        task = self._computing.get(key)
        if task is None:
            task = asyncio.ensure_future(compute())
            self._computing[key] = task

            def done(finished: asyncio.Future[Any]) -> None:
                del self._computing[key]
                if not finished.cancelled() and finished.exception() is None:
                    result = finished.result()
                    if result is not None and keep(result):
                        self.put(key, result)

            task.add_done_callback(done)
        return await asyncio.shield(task)
