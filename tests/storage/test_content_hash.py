"""The content hash and the migrations that rehash stored snapshots: 0009_content_hash_v2
(orjson of the entries as stored, replacing v1's stdlib json) and 0015_content_hash_v3 (the
rows hashed apart from the leaderboard, category and date)."""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
import sqlite_utils

from feeds import open_llm_v2
from feeds.history import bundle_version, read_bundle
from feeds.snapshot import Entry, Snapshot
from storage import connect, transaction
from storage.history import KV_KEY, load_bundle, loaded_bundle_version
from storage.migrations import MIGRATIONS, migrate, schema_version
from storage.snapshots import (
    content_hash,
    insert_new_snapshot,
    insert_snapshot,
    load_snapshot,
    rehash_stored,
)

FIXTURE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "open-llm-v2"
    / "huggingface_v2_2025-03-20.csv"
)


def v1_hash(snapshot: Snapshot) -> str:
    """content_hash as it was before 0009 (kept here to build a database of that time)."""
    body = json.dumps(
        [
            snapshot.leaderboard,
            snapshot.category,
            snapshot.snapshot_date.isoformat(),
            [
                [
                    e.rank,
                    e.model_key,
                    e.display_name,
                    e.score,
                    e.ci_low,
                    e.ci_high,
                    e.votes,
                    sorted(e.scores.items()),
                ]
                for e in sorted(snapshot.entries, key=lambda e: (e.rank, e.model_key))
            ],
        ],
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def v1_insert(db: sqlite_utils.Database, snapshot: Snapshot) -> None:
    """insert_snapshot as it was before 0009: v1 hash, scores and meta by json.dumps."""
    snapshot_id = db.execute(
        "INSERT INTO snapshots (leaderboard, category, snapshot_date, fetched_at, source, "
        "content_hash, imported) VALUES (?, ?, ?, ?, ?, ?, 1)",
        [
            snapshot.leaderboard,
            snapshot.category,
            snapshot.snapshot_date.isoformat(),
            snapshot.fetched_at.isoformat(),
            snapshot.source,
            v1_hash(snapshot),
        ],
    ).lastrowid
    db.conn.executemany(
        "INSERT INTO entries (snapshot_id, rank, model_key, display_name, score, ci_low, "
        "ci_high, votes, scores, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                snapshot_id,
                e.rank,
                e.model_key,
                e.display_name,
                e.score,
                e.ci_low,
                e.ci_high,
                e.votes,
                json.dumps(e.scores),
                json.dumps(e.meta),
            )
            for e in snapshot.entries
        ],
    )


def real_snapshots() -> list[Snapshot]:
    """The shipped history (every leaderboard's parser output) and the Open LLM v2 table."""
    fixture = open_llm_v2.parse(
        FIXTURE.read_bytes(), datetime(2025, 3, 20, tzinfo=UTC), FIXTURE.name
    )
    return [*read_bundle(), *fixture]


def database_before_0009(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    migrate(db, tuple(m for m in MIGRATIONS if m.name != "0009_content_hash_v2"))
    return db


def counts(db: sqlite_utils.Database) -> tuple[int, int]:
    return (
        db.execute("SELECT count(*) FROM snapshots").fetchone()[0],
        db.execute("SELECT count(*) FROM entries").fetchone()[0],
    )


def test_after_0009_a_snapshot_stored_before_it_is_still_recognised(tmp_path: Path) -> None:
    snapshots = real_snapshots()
    db = database_before_0009(tmp_path / "old.db")
    with transaction(db):
        for snapshot in snapshots:
            v1_insert(db, snapshot)
        db.execute("INSERT INTO kv (key, value) VALUES (?, 'an older bundle')", [KV_KEY])
    before = counts(db)
    # v2 differs from v1: without the migration these would all be stored again.
    assert all(content_hash(s) != v1_hash(s) for s in snapshots)

    assert migrate(db) == ["0009_content_hash_v2"]
    stored = db.execute("SELECT content_hash FROM snapshots ORDER BY id").fetchall()
    assert [r[0] for r in stored] == [content_hash(s) for s in snapshots]
    with transaction(db):
        assert [insert_snapshot(db, s) for s in snapshots] == [None] * len(snapshots)
    assert counts(db) == before
    # A newer bundle version loads, and adds nothing it already holds.
    assert load_bundle(db) == 0
    assert loaded_bundle_version(db) == bundle_version()
    assert counts(db) == before
    assert load_snapshot(db, 1) == snapshots[0]


def v2_hash(db: sqlite_utils.Database, snapshot_id: int) -> str:
    """content_hash as it was from 0009 to 0015, from the stored rows: SHA-256 of one orjson
    document of leaderboard, category, date and the rows but their meta."""
    head = db.execute(
        "SELECT leaderboard, category, snapshot_date FROM snapshots WHERE id = ?", [snapshot_id]
    ).fetchone()
    rows = db.execute(
        "SELECT rank, model_key, display_name, score, ci_low, ci_high, votes, scores "
        "FROM entries WHERE snapshot_id = ? ORDER BY rank, model_key",
        [snapshot_id],
    ).fetchall()
    return hashlib.sha256(orjson.dumps([*head, [list(r) for r in rows]])).hexdigest()


def test_after_0015_a_snapshot_stored_with_v2_is_still_recognised(tmp_path: Path) -> None:
    snapshots = real_snapshots()
    db = sqlite_utils.Database(sqlite3.connect(tmp_path / "v2.db", isolation_level=None))
    migrate(db, tuple(m for m in MIGRATIONS if m.name != "0015_content_hash_v3"))
    with transaction(db):
        ids = [insert_snapshot(db, s) for s in snapshots]
        assert None not in ids
        for snapshot_id in ids:
            db.execute(
                "UPDATE snapshots SET content_hash = ? WHERE id = ?",
                [v2_hash(db, snapshot_id), snapshot_id],
            )
    before = counts(db)
    stored = [r[0] for r in db.execute("SELECT content_hash FROM snapshots ORDER BY id")]
    # v3 differs from v2: without the migration these would all be stored again.
    assert all(v2 != content_hash(s) for v2, s in zip(stored, snapshots, strict=True))

    assert migrate(db) == ["0015_content_hash_v3"]
    stored = [r[0] for r in db.execute("SELECT content_hash FROM snapshots ORDER BY id")]
    assert stored == [content_hash(s) for s in snapshots]
    with transaction(db):
        assert [insert_snapshot(db, s) for s in snapshots] == [None] * len(snapshots)
        assert insert_new_snapshot(db, snapshots[-1]) is None
    assert counts(db) == before


def test_stored_rows_hash_as_the_snapshot_they_came_from(tmp_path: Path) -> None:
    """What the migration recomputes from the stored rows is what insert_snapshot hashed,
    for every leaderboard's parser output."""
    db = connect(tmp_path / "new.db")
    assert "0009_content_hash_v2" in schema_version(db)
    assert load_bundle(db) > 100
    with transaction(db):
        assert rehash_stored(db) == 0
        # …and it does rewrite a hash that is not the current one.
        db.execute("UPDATE snapshots SET content_hash = 'v1' WHERE id = 1")
        assert rehash_stored(db) == 1


def snap(*entries: Entry) -> Snapshot:
    return Snapshot(
        "arena", "overall", date(2024, 1, 1), datetime(2024, 1, 1, tzinfo=UTC), entries, "test"
    )


def test_the_hash_covers_entries_not_their_order_nor_meta() -> None:
    a = Entry(
        "a",
        "A",
        1250.5,
        1,
        1245.0,
        1256.0,
        1000,
        {"coding": 1260.0, "math": 1.5},
        {"license": "MIT"},
    )
    b = Entry("b", "B", 1100.0, 2)
    same = content_hash(snap(a, b))
    assert content_hash(snap(b, a)) == same
    assert content_hash(snap(replace(a, scores={"math": 1.5, "coding": 1260.0}), b)) == same
    assert content_hash(snap(replace(a, meta={"license": "Apache 2.0"}), b)) == same
    for changed in (
        replace(a, score=1250.25),
        replace(a, ci_low=None),
        replace(a, votes=999),
        replace(a, display_name="A2"),
        replace(a, scores={"coding": 1260.0}),
        replace(a, scores={"coding": 1260.0, "math": 1.25}),
    ):
        assert content_hash(snap(changed, b)) != same


@pytest.mark.parametrize(
    "bad",
    [
        {"scores": {"coding": math.nan}},
        {"scores": {"coding": -math.inf}},
        {"score": math.inf},
        {"score": -math.inf},
        {"ci_high": math.nan},
        {"ci_low": -math.inf},
    ],
)
def test_a_non_finite_number_is_refused_and_nothing_is_stored(tmp_path: Path, bad: dict) -> None:
    db = connect(tmp_path / "s.db")
    entry = replace(Entry("a", "A", 1250.5, 1, 1245.0, 1256.0, 1000, {"coding": 1.0}), **bad)
    with pytest.raises(ValueError, match="non-finite"), transaction(db):
        insert_snapshot(db, snap(entry))
    assert counts(db) == (0, 0)


def test_numbers_whose_sum_overflows_are_stored(tmp_path: Path) -> None:
    """Storage checks a column's sum first (a NaN or an infinity makes it so); an overflow
    of finite numbers must not be taken for one."""
    db = connect(tmp_path / "s.db")
    big = [Entry(k, k, 1.7e308, 1, 1.6e308, 1.75e308) for k in ("a", "b")]
    insert_snapshot(db, snap(*big))
    assert counts(db) == (1, 2)


def test_scores_and_meta_are_stored_as_json_text(tmp_path: Path) -> None:
    db = connect(tmp_path / "s.db")
    entry = Entry("a", "Ä", 1.0, 1, scores={"b": 2.0, "a": 1e-05}, meta={"org": "Zürich"})
    insert_snapshot(db, snap(entry))
    row = db.execute("SELECT typeof(scores), scores, typeof(meta), meta FROM entries").fetchone()
    assert row == ("text", '{"a":0.00001,"b":2.0}', "text", '{"org":"Zürich"}')
    assert load_snapshot(db, 1).entries == (entry,)
