"""The one SQLite database: a single connection, used only from a single-worker executor.

Every query is a plain function `fn(db, ...)` over a sqlite-utils `Database`; the event loop
reaches it through `await storage.call(fn, ...)`, so SQLite never blocks the loop and no two
queries ever run at once.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ParamSpec, TypeVar

import sqlite_utils

from storage.migrations import migrate

P = ParamSpec("P")
T = TypeVar("T")


class StorageError(Exception):
    """The database cannot be opened or written; the message says which file and why."""

    @classmethod
    def of(cls, path: Path | str, exc: sqlite3.Error | OSError) -> StorageError:
        """The error for people: the file, SQLite's reason, and what to do about it."""
        reason = str(exc)
        for symptom, advice in _ADVICE:
            if symptom in reason.lower():
                reason += f" ({advice})"
                break
        return cls(f"cannot use database {path}: {reason}")


# SQLite's messages for a damaged, read-only or full database, and what to do.
_ADVICE = (
    ("not a database", "the file is damaged or not a Lawkeeper database: restore a backup, "
                       "or move it away to start afresh"),
    ("malformed", "the file is damaged: restore a backup, or move it away to start afresh"),
    ("readonly", "the file or its folder is read-only: Lawkeeper needs to write to both"),
    ("disk is full", "no space left: free some disk space"),
    ("disk i/o error", "writing failed: is the disk full or failing?"),
)


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`. Blocking: call it in
    the storage executor, or from a script."""
    target = Path(path)
    try:
        if str(path) != ":memory:":
            target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), isolation_level=None, check_same_thread=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        db = sqlite_utils.Database(conn)
        if str(path) != ":memory:":
            db.enable_wal()
        migrate(db)
    except (sqlite3.Error, OSError) as exc:
        raise StorageError.of(target, exc) from exc
    return db


class Storage:
    """Async face of the database."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._db: sqlite_utils.Database | None = None

    @classmethod
    async def open(cls, path: Path | str) -> Storage:
        storage = cls(path)
        try:
            storage._db = await storage._run(connect, path)
        except BaseException:
            storage._executor.shutdown(wait=False)
            raise
        return storage

    async def call(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run `fn(db, *args, **kwargs)` on the storage thread and return its result."""
        if self._db is None:
            raise StorageError("the database is closed")
        return await self._run(fn, self._db, *args, **kwargs)

    async def _run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            await self._run(db.conn.close)
        self._executor.shutdown(wait=True)
