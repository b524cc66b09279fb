"""Snapshot queries. Writers do not open transactions: the caller wraps `insert_snapshot`
in `transaction(db)` together with whatever must commit with it (an outbox event)."""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import orjson
import sqlite_utils

from common.bulk import gc_paused
from common.hashing import sha256_digest, sha256_hex
from feeds.snapshot import Entry, Snapshot
from storage.transaction import transaction


@dataclass(frozen=True)
class SnapshotRef:
    id: int
    leaderboard: str
    category: str
    snapshot_date: date
    fetched_at: datetime
    imported: bool


def content_hash(snapshot: Snapshot) -> str:
    """Hash of what the snapshot says (date and entries, not their meta), not of when it
    was fetched."""
    return _digest(snapshot, _rows_digest(_rows(snapshot.entries)))


@gc_paused
def insert_snapshot(
    db: sqlite_utils.Database, snapshot: Snapshot, *, imported: bool = False
) -> int | None:
    """Store a snapshot and its entries; None (and nothing written) if the same content is
    already stored for that leaderboard and category. ValueError (nothing written) for a
    non-finite number."""
    rows = _rows(snapshot.entries)
    return _insert(db, snapshot, rows, _rows_digest(rows), imported)


@gc_paused
def insert_new_snapshot(db: sqlite_utils.Database, snapshot: Snapshot) -> int | None:
    """What a poll stores: the snapshot, unless the newest stored one of its leaderboard
    category says the same whatever its date (`same_as_latest`), or the same content is
    stored already (None then, and nothing written). Its rows are built and hashed once for
    both checks and the insert (a 4,500-row table's rows and hash take 7 ms)."""
    rows = _rows(snapshot.entries)
    rows_digest = _rows_digest(rows)
    if _matches_latest(db, snapshot, rows_digest):
        return None
    return _insert(db, snapshot, rows, rows_digest, imported=False)


def _insert(
    db: sqlite_utils.Database,
    snapshot: Snapshot,
    rows: list[_Row],
    rows_digest: bytes,
    imported: bool,
) -> int | None:
    cursor = db.execute(
        "INSERT OR IGNORE INTO snapshots (leaderboard, category, snapshot_date, fetched_at, "
        "source, content_hash, imported) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            snapshot.leaderboard,
            snapshot.category,
            snapshot.snapshot_date.isoformat(),
            snapshot.fetched_at.isoformat(),
            snapshot.source,
            _digest(snapshot, rows_digest),
            int(imported),
        ],
    )
    if cursor.rowcount == 0:
        return None
    _insert_entries(db, int(cursor.lastrowid), rows)
    return cursor.lastrowid


def _insert_entries(db: sqlite_utils.Database, snapshot_id: int, rows: list[_Row]) -> None:
    """One `executemany` of the rows, naming only the columns that hold a value in some row:
    a column NULL in every row (most leaderboards publish no intervals or votes) is left to
    its default. Python's sqlite3 binds a None through its adapter lookup, ~0.3 µs more
    than a number; leaving out the three such columns of the 4,500-row Open LLM table saves
    6 of the 18 ms its `executemany` took (bench/ingest.py). The id is an integer SQLite
    just made, written into the statement."""
    empty = {
        i for i in _NULLABLE if list(map(operator.itemgetter(i), rows)).count(None) == len(rows)
    }
    kept = [i for i in range(len(_COLUMN_NAMES)) if i not in empty]
    if empty:
        rows = list(map(operator.itemgetter(*kept), rows))
    names = ", ".join(_COLUMN_NAMES[i] for i in kept)
    db.conn.executemany(
        f"INSERT INTO entries (snapshot_id, {names}) VALUES ({snapshot_id}{', ?' * len(kept)})",
        rows,
    )


def refresh_meta(db: sqlite_utils.Database, snapshot: Snapshot) -> int:
    """Give the stored snapshot with this content the snapshot's entry meta (the listing
    facts the catalog reads: licence, size, dates), which the content hash leaves out, so
    a rebuilt bundle that reads a source better reaches a database that has its scores
    already. The number of entries changed."""
    rows = _rows(snapshot.entries)
    found = db.execute(
        "SELECT id FROM snapshots WHERE leaderboard = ? AND category = ? AND content_hash = ?",
        [snapshot.leaderboard, snapshot.category, _digest(snapshot, _rows_digest(rows))],
    ).fetchone()
    if found is None:
        return 0
    cursor = db.conn.executemany(
        "UPDATE entries SET meta = ? WHERE snapshot_id = ? AND rank = ? AND model_key = ? "
        "AND meta != ?",
        [(r[8], found[0], r[0], r[1], r[8]) for r in rows],
    )
    return cursor.rowcount


def rehash_stored(db: sqlite_utils.Database) -> int:
    """Recompute every stored snapshot's content_hash with `content_hash`'s function (from
    the stored rows, whatever JSON formatting they were written with); how many changed.
    For migrations; the caller holds the transaction."""
    changed = 0
    heads = db.execute(
        "SELECT id, leaderboard, category, snapshot_date, content_hash FROM snapshots"
    ).fetchall()
    for snapshot_id, leaderboard, category, day, stored in heads:
        rows = [
            (*r[:7], encode_scores(json.loads(r[7])), r[8])
            for r in db.execute(
                "SELECT rank, model_key, display_name, score, ci_low, ci_high, votes, scores, "
                "meta FROM entries WHERE snapshot_id = ?",
                [snapshot_id],
            )
        ]
        digest = _hash(leaderboard, category, day, rows)
        if digest != stored:
            db.execute("UPDATE snapshots SET content_hash = ? WHERE id = ?", [digest, snapshot_id])
            changed += 1
    return changed


def encode_scores(scores: dict[str, float]) -> str:
    """Scores as stored: JSON with sorted keys (the hash does not depend on their order)."""
    encoded = orjson.dumps(scores, option=orjson.OPT_SORT_KEYS)
    if b"null" in encoded:  # orjson writes NaN and ±inf as null
        _check_finite(scores.values())
    return encoded.decode()


def snapshot_index(
    db: sqlite_utils.Database, leaderboard: str | None = None, category: str | None = None
) -> list[SnapshotRef]:
    """Every stored snapshot (optionally of one leaderboard / category), oldest first."""
    where, params = _where(leaderboard=leaderboard, category=category)
    rows = db.execute(
        "SELECT id, leaderboard, category, snapshot_date, fetched_at, imported FROM snapshots"
        f"{where} ORDER BY snapshot_date, id",
        params,
    ).fetchall()
    return [
        SnapshotRef(
            r[0], r[1], r[2], date.fromisoformat(r[3]), datetime.fromisoformat(r[4]), bool(r[5])
        )
        for r in rows
    ]


def latest_snapshot(
    db: sqlite_utils.Database, leaderboard: str, category: str, on_or_before: date | None = None
) -> Snapshot | None:
    """The newest snapshot of a leaderboard category, on or before a date if given."""
    sql = "SELECT id FROM snapshots WHERE leaderboard = ? AND category = ?"
    params: list[object] = [leaderboard, category]
    if on_or_before is not None:
        sql += " AND snapshot_date <= ?"
        params.append(on_or_before.isoformat())
    row = db.execute(sql + " ORDER BY snapshot_date DESC, id DESC LIMIT 1", params).fetchone()
    return load_snapshot(db, row[0]) if row else None


def load_snapshot(db: sqlite_utils.Database, snapshot_id: int) -> Snapshot | None:
    """A stored snapshot with its entries in rank order (then by score, then key), or None for
    an unknown id."""
    head = db.execute(
        "SELECT leaderboard, category, snapshot_date, fetched_at, source FROM snapshots "
        "WHERE id = ?",
        [snapshot_id],
    ).fetchone()
    if head is None:
        return None
    entries = tuple(
        Entry(
            model_key=r[0],
            display_name=r[1],
            score=r[2],
            rank=r[3],
            ci_low=r[4],
            ci_high=r[5],
            votes=r[6],
            scores=json.loads(r[7]),
            meta=json.loads(r[8]),
        )
        for r in db.execute(
            "SELECT model_key, display_name, score, rank, ci_low, ci_high, votes, scores, meta "
            "FROM entries WHERE snapshot_id = ? ORDER BY rank, score DESC, model_key",
            [snapshot_id],
        )
    )
    return Snapshot(
        leaderboard=head[0],
        category=head[1],
        snapshot_date=date.fromisoformat(head[2]),
        fetched_at=datetime.fromisoformat(head[3]),
        entries=entries,
        source=head[4],
    )


def same_as_latest(db: sqlite_utils.Database, snapshot: Snapshot) -> bool:
    """Whether the newest stored snapshot of the same leaderboard and category has the same
    entries (their content hash's rows: all but their meta), whatever its date: a live feed
    that has not changed since stores nothing. One indexed query, no entries loaded: the
    content hash covers the date, so the snapshot is hashed as if of the stored one's."""
    return _matches_latest(db, snapshot, _rows_digest(_rows(snapshot.entries)))


def _matches_latest(db: sqlite_utils.Database, snapshot: Snapshot, rows_digest: bytes) -> bool:
    latest = db.execute(
        "SELECT snapshot_date, content_hash FROM snapshots WHERE leaderboard = ? AND "
        "category = ? ORDER BY snapshot_date DESC, id DESC LIMIT 1",
        [snapshot.leaderboard, snapshot.category],
    ).fetchone()
    return (
        latest is not None
        and _dated(snapshot.leaderboard, snapshot.category, latest[0], rows_digest) == latest[1]
    )


def categories(db: sqlite_utils.Database, leaderboard: str) -> list[str]:
    """The categories a leaderboard has snapshots of, 'overall' first."""
    rows = db.execute(
        "SELECT DISTINCT category FROM snapshots WHERE leaderboard = ?", [leaderboard]
    ).fetchall()
    return sorted((r[0] for r in rows), key=lambda c: (c != "overall", c))


# A stored entry row without its snapshot id: rank, model_key, display_name, score, ci_low,
# ci_high, votes, scores (JSON), meta (JSON).
_Row = tuple[int, str, str, float, float | None, float | None, int | None, str, str]
_COLUMN_NAMES = (
    "rank",
    "model_key",
    "display_name",
    "score",
    "ci_low",
    "ci_high",
    "votes",
    "scores",
    "meta",
)
_NULLABLE = (4, 5, 6)  # ci_low, ci_high, votes
_BY_RANK_AND_KEY = operator.itemgetter(0, 1)
_NUMBERS = tuple(operator.itemgetter(i) for i in (3, 4, 5))  # score, ci_low, ci_high


def _rows(entries: tuple[Entry, ...]) -> list[_Row]:
    """The entries as stored, each number formatted once (the hash reads the same rows).
    One comprehension, and one search for a non-finite score in all the scores' JSON
    (orjson writes NaN and ±inf as null): a search per row was a tenth of this."""
    dumps, sort_keys = orjson.dumps, orjson.OPT_SORT_KEYS
    rows = [
        (
            e.rank,
            e.model_key,
            e.display_name,
            e.score,
            e.ci_low,
            e.ci_high,
            e.votes,
            dumps(e.scores, option=sort_keys).decode(),
            dumps(e.meta).decode(),
        )
        for e in entries
    ]
    if "null" in "".join([r[7] for r in rows]):
        for e in entries:
            _check_finite(e.scores.values())
    for column in _NUMBERS:
        # A NaN or an infinity makes the sum so (as can an overflow): then look at each.
        total = sum(filter(None, map(column, rows)))
        if total - total != 0:
            _check_finite(map(column, rows))
    return rows


def _digest(snapshot: Snapshot, rows_digest: bytes) -> str:
    return _dated(
        snapshot.leaderboard, snapshot.category, snapshot.snapshot_date.isoformat(), rows_digest
    )


def _hash(leaderboard: str, category: str, day: str, rows: list[_Row]) -> str:
    """The content hash, version 3 (migration 0015_content_hash_v3): SHA-256 of the
    leaderboard, category and date, followed by the SHA-256 of the rows but their meta in
    (rank, model_key) order. The rows are hashed apart, so that `same_as_latest` hashes a
    snapshot as of another date without hashing its rows again. Version 2 (0009) hashed
    all of it in one document; version 1 was the stdlib json of the entries."""
    return _dated(leaderboard, category, day, _rows_digest(rows))


def _rows_digest(rows: list[_Row]) -> bytes:
    """SHA-256 of the rows but their meta, in (rank, model_key) order."""
    return sha256_digest(orjson.dumps([r[:8] for r in sorted(rows, key=_BY_RANK_AND_KEY)]))


def _dated(leaderboard: str, category: str, day: str, rows_digest: bytes) -> str:
    return sha256_hex(orjson.dumps([leaderboard, category, day]) + rows_digest)


def _check_finite(numbers: Iterable[object]) -> None:
    for n in numbers:
        if isinstance(n, float) and not math.isfinite(n):
            raise ValueError(f"cannot store the non-finite number {n}")


def _where(**columns: str | None) -> tuple[str, list[str]]:
    used = {k: v for k, v in columns.items() if v is not None}
    if not used:
        return "", []
    return " WHERE " + " AND ".join(f"{k} = ?" for k in used), list(used.values())


def insert_snapshots(
    db: sqlite_utils.Database, snapshots: list[Snapshot], *, imported: bool = False
) -> list[int]:
    """Store several snapshots in one transaction; the ids of those that were new."""
    with transaction(db):
        ids = [insert_snapshot(db, s, imported=imported) for s in snapshots]
    return [i for i in ids if i is not None]


def scope_snapshots(db: sqlite_utils.Database, leaderboard: str, category: str) -> list[Snapshot]:
    """Every stored snapshot of one leaderboard category, oldest first."""
    return [
        s
        for s in (load_snapshot(db, ref.id) for ref in snapshot_index(db, leaderboard, category))
        if s is not None
    ]
