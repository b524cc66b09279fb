"""The one SQLite database: a single connection, used only from one worker thread.

Every query is a plain function `fn(db, ...)` over a sqlite-utils `Database`; the event loop
reaches it through `await storage.call(fn, ...)`, so SQLite never blocks the loop and no two
queries ever run at once.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

import sqlite_utils

from storage.migrations import migrate
from storage.worker import Worker

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
LOG_FAILURE_EVERY_SECONDS = 60.0


class StorageError(Exception):
    """The database cannot be opened or written; the message says which file and why."""

    @classmethod
    def of(cls, path: Path | str, exc: sqlite3.Error | OSError) -> StorageError:
        """The error for people: the file, SQLite's reason, and what to do about it."""
        return cls(f"cannot use database {path}: {explain(exc) or exc}")


def explain(exc: sqlite3.Error | OSError) -> str | None:
    """SQLite's reason with what to do, when it says the database itself is failing
    (damaged, read-only, full); None for other errors (a bug, a constraint)."""
    reason = str(exc)
    for symptom, advice in _ADVICE:
        if symptom in reason.lower():
            return f"{reason} ({advice})"
    return None


@dataclass(frozen=True)
class Failure:
    """The database failing while the bot runs: since when, and SQLite's reason."""

    since: datetime
    reason: str


# SQLite's page cache per connection, in KiB (its default is 2,000). A new snapshot of the
# Open LLM table writes ~3 MB of entries in one transaction: in the default cache, pages
# spill to the WAL before the commit, and ingesting it took 3% longer (bench/ingest.py).
# The cache grows only as pages are used; it is set after the damage check at opening, which
# reads every page once (in an 8 MiB cache that cost 6 to 10 ms of each start).
CACHE_KIB = 8192

# SQLite's messages for a damaged, read-only or full database, and what to do.
_ADVICE = (
    (
        "not a database",
        "the file is damaged or not a Lawkeeper database: restore a backup, "
        "or move it away to start afresh",
    ),
    ("malformed", "the file is damaged: restore a backup, or move it away to start afresh"),
    ("readonly", "the file or its folder is read-only: Lawkeeper needs to write to both"),
    ("disk is full", "no space left: free some disk space"),
    ("disk i/o error", "writing failed: is the disk full or failing?"),
)


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`. Blocking: call it in
    the storage thread, or from a script."""
    target = Path(path)
    try:
        if str(path) != ":memory:":
            target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), isolation_level=None, check_same_thread=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        _refuse_damage(conn)  # in SQLite's default cache: it reads every page once
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        db = sqlite_utils.Database(conn)
        if str(path) != ":memory:":
            db.enable_wal()
        migrate(db)
    except (sqlite3.Error, OSError) as exc:
        raise StorageError.of(target, exc) from exc
    return db


def _refuse_damage(conn: sqlite3.Connection) -> None:
    """Damaged pages are found before anything is written (a few ms for a few MB): SQLite
    would otherwise write around them, or fail later with raw bytes in its message."""
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(1)")]
    if problems != ["ok"]:
        conn.close()
        raise sqlite3.DatabaseError(
            "database disk image is malformed "
            f"(PRAGMA quick_check: {' '.join(problems[0].split())[:200]})"
        )


class Storage:
    """Async face of the database."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._worker = Worker("sqlite")
        self._db: sqlite_utils.Database | None = None
        self.failure: Failure | None = None  # set and cleared by `call`
        self._logged_at = -LOG_FAILURE_EVERY_SECONDS

    @classmethod
    async def open(cls, path: Path | str) -> Storage:
        """The storage with its database opened and migrated on the storage thread (`connect`).
        StorageError when the file cannot be used; the thread is ended then, so a failed open
        leaves no thread behind."""
        storage = cls(path)
        try:
            storage._db = await storage._run(connect, path)
        except BaseException:
            storage._worker.close(wait=False)
            raise
        return storage

    async def call(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Run `fn(db, *args, **kwargs)` on the storage thread and return its result."""
        if self._db is None:
            raise StorageError("the database is closed")
        return await self._run(self._watched, fn, self._db, *args, **kwargs)

    def _watched(
        self, fn: Callable[..., T], db: sqlite_utils.Database, *args: object, **kwargs: object
    ) -> T:
        """On the storage thread: `fn`, noting when the database starts failing (a
        StorageError with SQLite's reason, logged at most once a minute) and when it
        works again (a call that wrote)."""
        before = db.conn.total_changes
        try:
            result = fn(db, *args, **kwargs)
        except sqlite3.Error as exc:
            reason = explain(exc)
            if reason is None:
                raise
            if self.failure is None:
                self.failure = Failure(datetime.now(UTC), reason)
            if time.monotonic() - self._logged_at >= LOG_FAILURE_EVERY_SECONDS:
                self._logged_at = time.monotonic()
                log.error("database %s is failing: %s", self.path, reason)
            raise StorageError.of(self.path, exc) from exc
        if self.failure is not None and db.conn.total_changes > before:
            log.info("database %s works again", self.path)
            self.failure = None
        return result

    async def _run(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        return await self._worker.run(functools.partial(fn, *args, **kwargs))

    async def close(self) -> None:
        """Close the connection on the storage thread and wait for that thread to end; a later
        `call` raises StorageError. Calling it twice is harmless."""
        if self._db is not None:
            db, self._db = self._db, None
            await self._run(db.conn.close)
        self._worker.close()
