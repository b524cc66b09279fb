"""Ingest: parse + store + detect of the largest real snapshot, the final Open LLM
Leaderboard v2 table (4,576 rows, 4,497 once deduplicated), into a database holding the
earlier v2 snapshot, through the poll's own code (`handlers.poll.store_poll`: compared
with the latest stored snapshot, stored, detection run, the feed state recorded), against
a fair floor: `csv.reader` of the same file and one
`executemany` of the very rows the project stores into a table keyed like `entries`.
Target: <= 1.5x, medians of interleaved runs.

The full file is read from the folder $LAWKEEPER_DATA names (bench.common.real_file);
without it the 20-row test fixture is used, and the output says so."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from bench.common import ROOT, Figure, interleaved, real_file, report, scratch
from bot.polling import watch_hook
from catalog import load_catalog
from feeds import open_llm_v2
from feeds.fetch_result import FetchResult
from feeds.history import read_bundle
from feeds.limits import MAX_SNAPSHOT_ROWS, check_snapshots
from feeds.registry import SOURCES
from feeds.snapshot import Snapshot
from handlers.poll import OnStored, store_poll
from handlers.settings import AnnouncementsConfig
from storage import connect, transaction
from storage.snapshots import insert_snapshot

NAME = "huggingface_v2_2025-03-20.csv"
FULL = f"open-llm-leaderboard/fboulnois-llm-leaderboard-csv/{NAME}"  # under $LAWKEEPER_DATA
FIXTURE = ROOT / "tests" / "fixtures" / "open-llm-v2" / NAME
NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
RUNS = 15
TARGET = 1.5
# The stored columns of an entry, in storage.snapshots.insert_snapshot's order.
COLUMNS = "rank, model_key, display_name, score, ci_low, ci_high, votes, scores, meta"
Row = tuple[object, ...]
D = TypeVar("D")


def lawkeeper_ingest(raw: bytes, db: sqlite_utils.Database, hook: OnStored) -> int:
    """What a poll does with a new body once fetched (`handlers.poll.poll`): parse and check
    it, then `store_poll`, the poll's own transaction (compared with the latest stored
    snapshot, stored, detection by `bot.polling.watch_hook` announcing into the outbox, the
    feed state recorded). The body's digest, which the poll takes before parsing, is the
    fetch's side (bench/steady.py) and is not timed here."""
    snapshots = open_llm_v2.parse(raw, NOW, NAME)
    check_snapshots(snapshots, NOW, MAX_SNAPSHOT_ROWS)
    stored = store_poll(
        db, open_llm_v2.LEADERBOARD, snapshots, NOW, NAME, FetchResult("ok", body=raw), None, hook
    )
    assert len(stored) == len(snapshots)
    return sum(len(s.entries) for s in snapshots)


def lawkeeper_database(
    path: Path, previous: list[Snapshot], hook: OnStored
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


def stored_rows(db: sqlite_utils.Database) -> list[Row]:
    """The entry rows the project stored for the final table, in the order it inserts them
    (rank, then key): the floor inserts these very values."""
    newest = db.execute(
        "SELECT max(id) FROM snapshots WHERE leaderboard = ?", [open_llm_v2.LEADERBOARD]
    ).fetchone()[0]
    return db.execute(
        f"SELECT {COLUMNS} FROM entries WHERE snapshot_id = ? ORDER BY rank, model_key", [newest]
    ).fetchall()


def baseline_ingest(raw: bytes, rows: list[Row], conn: sqlite3.Connection) -> int:
    """The floor: `csv.reader` over the whole file (the one step of parsing no parser can
    skip; its records are counted, not kept), then one transaction with the parent row
    and one `executemany` of the rows the project stores (same deduplication, same 10
    columns, same values, a NULL bound as None). Everything the project does beyond this
    (building entries, their JSON, the hash, detection) is what the ratio measures. The
    project's INSERT leaves out the columns NULL in every row, which this one does not:
    with them left out here too, the ratio is about 1.67x (README, ingest pass 10)."""
    records = sum(1 for _ in csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert records > len(rows)  # the header, and the rows deduplication drops
    conn.execute("BEGIN IMMEDIATE")
    snapshot_id = conn.execute("INSERT INTO snapshots (source) VALUES (?)", [NAME]).lastrowid
    conn.executemany(
        f"INSERT INTO entries (snapshot_id, {COLUMNS}) VALUES "
        f"({int(snapshot_id)}, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    return len(rows)


def entries_schema(project: sqlite_utils.Database) -> str:
    """The `CREATE TABLE entries` of the project's own migrated database (keyed, WITHOUT
    ROWID, a foreign key to its snapshot): the floor's table is made from it, not a copy."""
    return project.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()[0]


def baseline_database(path: Path, entries: str) -> sqlite3.Connection:
    """An empty database with the floor's tables, `entries` as the project makes it under a
    minimal parent, foreign keys on, in WAL mode (as the project's)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE snapshots (id INTEGER PRIMARY KEY, source TEXT NOT NULL)")
    conn.execute(entries)
    return conn


def each_fresh(databases: list[D], run: Callable[[D], object]) -> Callable[[], object]:
    """`run` on the next of `databases` at each call: every timed run ingests into a fresh
    database, opened and migrated beforehand (the bot's database is open already)."""
    queue: Iterator[D] = iter(databases)
    return lambda: run(next(queue))


def main() -> None:
    """Parse + store + detect of the final Open LLM v2 table into fresh databases that hold the
    earlier snapshot, alternating with the floor (RUNS each, after one warm-up each); target:
    median <= 1.5x the floor's. Without the real file it uses the 20-row fixture and says so."""
    source, note = real_file(FULL, FIXTURE, "ingest")
    raw = source.read_bytes()
    print(f"ingest: {source} ({len(raw):,} bytes) {note}".rstrip())
    with scratch() as tmp:
        hook = watch_hook(
            load_catalog(),
            AnnouncementsConfig().confirm_snapshots,
            SOURCES[open_llm_v2.LEADERBOARD].title,
        )
        previous = [
            s
            for s in read_bundle()
            if s.leaderboard == open_llm_v2.LEADERBOARD and s.snapshot_date < NOW.date()
        ]
        warm = lawkeeper_database(tmp / "warm.db", previous, hook)
        count = lawkeeper_ingest(raw, warm, hook)
        rows = stored_rows(warm)
        entries = entries_schema(warm)
        warm.conn.close()
        assert len(rows) == count
        ours = [lawkeeper_database(tmp / f"l{i}.db", previous, hook) for i in range(RUNS)]
        floors = [baseline_database(tmp / f"b{i}.db", entries) for i in range(RUNS + 1)]
        baseline_ingest(raw, rows, floors.pop())  # its warm-up, as the project's above
        try:
            value, base = interleaved(
                each_fresh(ours, lambda db: lawkeeper_ingest(raw, db, hook)),
                each_fresh(floors, lambda conn: baseline_ingest(raw, rows, conn)),
                runs=RUNS,
            )
        finally:
            for conn in [db.conn for db in ours] + floors:
                conn.close()
    ratio = value / base
    report(
        [
            Figure(
                "ingest",
                f"parse+store+detect of {count:,} rows (median of {RUNS} interleaved runs)",
                value,
                base,
                f"csv.reader + executemany of the {len(rows):,} stored rows into a keyed "
                "entries table",
                "s",
                f"<= {TARGET}x",
                ratio <= TARGET,
                note,
            )
        ]
    )


if __name__ == "__main__":
    main()
