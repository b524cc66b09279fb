"""Compact verdicts (migration 0011_compact_verdicts): a database whose verdicts were stored
in the old layout (definition text, signature text, plain JSON evidence) reads back the same
after migrating, and recomputing it adds nothing."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from catalog import Catalog
from feeds.importer import parse_file
from handlers.ledger import (
    LedgerRow,
    current_verdicts,
    last_changes,
    load_histories,
    recompute_ledger,
    record_verdicts,
)
from laws.ledger import compute_ledger, signature
from laws.settings import LawsConfig
from laws.verdict import Status, Verdict
from storage.ledger import decode_evidence, encode_evidence, latest_periods, ledger_version
from storage.migrations import MIGRATIONS, migrate
from storage.snapshots import insert_snapshot
from tests.conftest import FIXTURES

SETTINGS = LawsConfig()
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
EMPTY = Catalog([], {})
PARTS = ("1", "2", "3a", "3b")


def _old_database(path: Path) -> sqlite_utils.Database:
    """A database migrated only as far as the layout before 0011, holding real snapshots."""
    db = sqlite_utils.Database(sqlite3.connect(str(path), isolation_level=None))
    migrate(db, tuple(m for m in MIGRATIONS if m.name < "0011"))
    for name in ("20230714.csv", "20231031.csv"):
        for s in parse_file(FIXTURES / "open-llm-v1" / name, NOW):
            insert_snapshot(db, s)
    return db


def _insert_old(
    db: sqlite_utils.Database,
    v: Verdict,
    at: str,
    *,
    current: int = 1,
    previous: str | None = None,
    superseded: str | None = None,
) -> None:
    """A verdict row exactly as storage.ledger wrote it before 0011."""
    db.execute(
        "INSERT INTO verdicts (law, leaderboard, category, period, status, lag_months, "
        "evidence, definition, computed_at, reason, signature, previous_status, current, "
        "superseded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            v.law,
            v.leaderboard,
            v.category,
            v.period,
            str(v.status),
            v.lag_months,
            json.dumps(v.evidence, sort_keys=True),
            v.definition,
            at,
            "old run",
            signature(v),
            previous,
            current,
            superseded,
        ],
    )


def _everything(
    db: sqlite_utils.Database,
) -> tuple[list[LedgerRow], dict[str, LedgerRow], dict[tuple[str, str, str], str], int]:
    return (
        current_verdicts(db, PARTS),
        last_changes(db, PARTS),
        latest_periods(db),
        ledger_version(db),
    )


def test_old_rows_read_back_identically_after_migrating(tmp_path: Path) -> None:
    db = _old_database(tmp_path / "old.db")
    verdicts = compute_ledger(load_histories(db, EMPTY, SETTINGS), SETTINGS, NOW)
    assert verdicts and len({v.definition for v in verdicts}) > 1
    changed = verdicts[0]
    _insert_old(
        db,
        replace(changed, status=Status.HOLDS, evidence={"reason": "earlier"}),
        "2026-01-01T00:00:00+00:00",
        current=0,
        superseded="2026-02-01T00:00:00+00:00",
    )
    _insert_old(db, changed, "2026-02-01T00:00:00+00:00", previous="HOLDS")
    for v in verdicts[1:]:
        _insert_old(db, v, "2026-02-01T00:00:00+00:00")
    rows = db.execute("SELECT * FROM verdicts ORDER BY id").fetchall()

    assert "0011_compact_verdicts" in migrate(db)
    assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0  # the old table's pages

    assert db.execute("SELECT count(*) FROM verdicts").fetchone()[0] == len(rows)
    current, changes, periods, version = _everything(db)
    assert sorted((r.verdict for r in current), key=_key) == sorted(verdicts, key=_key)
    assert {r.computed_at for r in current} == {"2026-02-01T00:00:00+00:00"}
    assert changes[changed.law].verdict == changed
    assert changes[changed.law].previous_status == "HOLDS"
    assert version == rows[-1][0]
    assert periods[(changed.law, changed.leaderboard, changed.category)] == max(
        v.period
        for v in verdicts
        if (v.law, v.leaderboard, v.category)
        == (changed.law, changed.leaderboard, changed.category)
    )
    # The stored signatures still match: recomputing the same data adds no row.
    assert recompute_ledger(db, EMPTY, SETTINGS, NOW, "after migrating") == []
    assert _everything(db) == (current, changes, periods, version)


def test_definitions_are_stored_once() -> None:
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    base = Verdict(
        law="2",
        leaderboard="arena",
        category="overall",
        period="2024-01",
        status=Status.HOLDS,
        evidence={"reason": "x"},
        lag_months=None,
        definition="O beats P of six months earlier",
    )
    record_verdicts(db, [replace(base, period=p) for p in ("2024-01", "2024-02")], NOW, "a")
    record_verdicts(db, [replace(base, period="2024-03", definition="")], NOW, "b")
    assert db.execute("SELECT text FROM verdict_definitions ORDER BY id").fetchall() == [
        ("",),
        ("O beats P of six months earlier",),
    ]
    assert [r.verdict.definition for r in current_verdicts(db, ("2",))] == [
        "",
        "O beats P of six months earlier",
        "O beats P of six months earlier",
    ]


def test_evidence_is_compressed_only_when_that_is_shorter() -> None:
    assert encode_evidence({}) == "{}"
    big = {"models": [{"key": f"model-{i}", "provenance": "disclosed"} for i in range(50)]}
    packed = encode_evidence(big)
    assert isinstance(packed, bytes) and len(packed) < len(json.dumps(big)) / 4
    assert decode_evidence(packed) == big
    assert decode_evidence('{"b": 1.5, "a": [null]}') == {"a": [None], "b": 1.5}


def _key(v: Verdict) -> tuple[str, str, str, str]:
    return (v.law, v.leaderboard, v.category, v.period)
