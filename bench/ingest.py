"""Ingest: parse + store + detect of the largest real snapshot, the final Open LLM
Leaderboard v2 table (about 4,600 rows), into a database holding the earlier v2 snapshot,
against `csv.reader` + `sqlite3.executemany` of the same rows into a plain table. Target:
<= 1.5x.

The full file lives in ../shared/data; without it the 20-row test fixture is used, and
the output says so."""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from bench.common import ROOT, Figure, report, scratch
from bot.config import AnnouncementsConfig
from bot.polling import watch_hook
from catalog import load_catalog
from feeds import open_llm_v2
from feeds.history import read_bundle
from feeds.poll import OnStored
from feeds.registry import SOURCES
from feeds.snapshot import Snapshot
from storage import connect, transaction
from storage.snapshots import insert_snapshot

NAME = "huggingface_v2_2025-03-20.csv"
FULL = ROOT.parent / "shared" / "data" / "open-llm-leaderboard" / \
    "fboulnois-llm-leaderboard-csv" / NAME
FIXTURE = ROOT / "tests" / "fixtures" / "open-llm-v2" / NAME
NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
REPEATS = 5
TARGET = 1.5


def lawkeeper_ingest(raw: bytes, db: sqlite_utils.Database, hook: OnStored) -> int:
    """What a poll does with a new snapshot (as `feeds.poll`): parse, then one transaction
    that stores it and runs detection (`bot.polling.watch_hook`, announcing into the
    outbox)."""
    snapshots = open_llm_v2.parse(raw, NOW, NAME)
    with transaction(db):
        for snapshot in snapshots:
            snapshot_id = insert_snapshot(db, snapshot)
            if snapshot_id is not None:
                hook(db, snapshot_id, snapshot)
    return sum(len(s.entries) for s in snapshots)


def lawkeeper_database(path: Path, previous: list[Snapshot], hook: OnStored
                       ) -> sqlite_utils.Database:
    """A database holding the bundled history's earlier Open LLM v2 snapshot, with the
    leader state detection keeps, as a running bot would have it."""
    db = connect(path)
    with transaction(db):
        for snapshot in previous:
            snapshot_id = insert_snapshot(db, snapshot)
            assert snapshot_id is not None
            hook(db, snapshot_id, snapshot)
    return db


def baseline_ingest(raw: bytes, conn: sqlite3.Connection) -> int:
    """The floor: csv.reader and one executemany of every row, every column as text."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    marks = ", ".join("?" for _ in header)
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO rows VALUES ({marks})", body)
    conn.execute("COMMIT")
    return len(body)


def baseline_database(path: Path, columns: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"CREATE TABLE rows ({', '.join(f'c{i} TEXT' for i in range(columns))})")
    return conn


def timed(repeats: int, fresh: Callable[[int], Any], run: Callable[[Any], object]) -> float:
    """The fastest of `repeats` runs of `run(db)`, each on a fresh database (opened and
    migrated outside the timing: the bot's database is open already)."""
    best = float("inf")
    for i in range(repeats):
        db = fresh(i)
        try:
            start = time.perf_counter()
            run(db)
            best = min(best, time.perf_counter() - start)
        finally:
            (db.conn if isinstance(db, sqlite_utils.Database) else db).close()
    return best


def main() -> None:
    source = FULL if FULL.exists() else FIXTURE
    note = "" if source == FULL else f"(full file absent: used the {FIXTURE.name} fixture)"
    raw = source.read_bytes()
    print(f"ingest: {source} ({len(raw):,} bytes) {note}".rstrip())
    with scratch() as tmp:
        columns = len(raw.split(b"\n", 1)[0].split(b","))
        hook = watch_hook(load_catalog(), AnnouncementsConfig().confirm_snapshots,
                          SOURCES[open_llm_v2.LEADERBOARD].title)
        previous = [s for s in read_bundle() if s.leaderboard == open_llm_v2.LEADERBOARD
                    and s.snapshot_date < NOW.date()]
        warm = lawkeeper_database(tmp / "warm.db", previous, hook)
        rows = lawkeeper_ingest(raw, warm, hook)
        warm.conn.close()
        ours = timed(REPEATS, lambda i: lawkeeper_database(tmp / f"l{i}.db", previous, hook),
                     lambda db: lawkeeper_ingest(raw, db, hook))
        base = timed(REPEATS, lambda i: baseline_database(tmp / f"b{i}.db", columns),
                     lambda conn: baseline_ingest(raw, conn))
    ratio = ours / base
    report([Figure("ingest", f"parse+store+detect of {rows:,} rows", ours, base,
                   "csv.reader + executemany", "s", f"<= {TARGET}x", ratio <= TARGET,
                   note)])


if __name__ == "__main__":
    main()
