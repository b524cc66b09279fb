"""The ledger recomputes only the scopes whose inputs changed, and ends where a whole
recomputation would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

import handlers.ledger
from catalog import Catalog
from handlers.ledger import current_verdicts, load_histories, recompute_ledger
from laws.history import History
from laws.ledger import compute_ledger, signature
from laws.settings import LawsConfig
from laws.verdict import Verdict
from storage import connect, transaction
from storage.snapshots import insert_snapshot
from tests.laws.builders import OPEN, entry, model, snapshot

SETTINGS = LawsConfig()
NOW = datetime(2024, 7, 20, tzinfo=UTC)
EMPTY = Catalog([], {})
PARTS = ("1", "2", "3a", "3b")


def board(day: str, category: str, open_score: float = 1190) -> object:
    return snapshot(
        day,
        entry("p", 1200, 5, released="2023-01-10", params_b="100"),
        entry("o", open_score, 5, licence=OPEN, released="2024-02-02", params_b="7"),
        category=category,
    )


class Evaluated:
    """Records what the ledger hands to the evaluators: (leaderboard, category) per
    history, and how many verdicts came out."""

    def __init__(self) -> None:
        self.scopes: list[tuple[str, str]] = []
        self.verdicts = 0

    def __call__(
        self, histories: Iterable[History], settings: LawsConfig, now: datetime
    ) -> list[Verdict]:
        histories = list(histories)
        self.scopes += [(h.leaderboard, h.category) for h in histories]
        verdicts = compute_ledger(histories, settings, now)
        self.verdicts += len(verdicts)
        return verdicts


@pytest.fixture
def evaluated(monkeypatch: pytest.MonkeyPatch) -> Evaluated:
    spy = Evaluated()
    monkeypatch.setattr(handlers.ledger, "compute_ledger", spy)
    return spy


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    db = connect(tmp_path / "l.db")
    insert_snapshot(db, board("2024-07-10", "overall"))
    insert_snapshot(db, board("2024-07-10", "coding", 1150))
    recompute_ledger(db, EMPTY, SETTINGS, NOW, "first start")
    return db


def stored(db: sqlite_utils.Database) -> set[tuple]:
    return {
        (v.law, v.leaderboard, v.category, v.period, str(v.status), signature(v))
        for v in (r.verdict for r in current_verdicts(db, PARTS))
    }


def whole(
    db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig, now: datetime
) -> set[tuple]:
    """What a whole recomputation from the stored snapshots produces."""
    return {
        (v.law, v.leaderboard, v.category, v.period, str(v.status), signature(v))
        for v in compute_ledger(load_histories(db, catalog, settings), settings, now)
    }


def test_a_restart_with_nothing_new_computes_no_verdict(
    db: sqlite_utils.Database, tmp_path: Path, evaluated: Evaluated
) -> None:
    db.conn.close()
    db = connect(tmp_path / "l.db")  # as a restart does
    assert recompute_ledger(db, EMPTY, SETTINGS, NOW, "restart") == []
    # later the same month, too
    assert recompute_ledger(db, EMPTY, SETTINGS, NOW.replace(day=30), "restart") == []
    assert (evaluated.scopes, evaluated.verdicts) == ([], 0)
    assert stored(db) == whole(db, EMPTY, SETTINGS, NOW)


def test_a_new_snapshot_recomputes_only_its_scope(
    db: sqlite_utils.Database, evaluated: Evaluated
) -> None:
    with transaction(db):
        insert_snapshot(db, board("2024-07-15", "coding", 1230))
    changes = recompute_ledger(db, EMPTY, SETTINGS, NOW, "new snapshot")
    assert evaluated.scopes == [("arena", "coding")]
    assert changes and {c.new.category for c in changes} == {"coding"}
    assert stored(db) == whole(db, EMPTY, SETTINGS, NOW)


def test_an_entry_edited_in_place_recomputes_its_scope(
    db: sqlite_utils.Database, evaluated: Evaluated
) -> None:
    # a rebuilt bundle refreshes listing facts (storage.snapshots.refresh_meta)
    with transaction(db):
        db.execute(
            "UPDATE entries SET meta = '{\"license\": \"mit\"}' WHERE model_key = 'p' "
            "AND snapshot_id IN (SELECT id FROM snapshots WHERE category = 'overall')"
        )
    recompute_ledger(db, EMPTY, SETTINGS, NOW, "facts refreshed")
    assert evaluated.scopes == [("arena", "overall")]
    assert stored(db) == whole(db, EMPTY, SETTINGS, NOW)


@pytest.mark.parametrize("change", ["settings", "month", "catalog"])
def test_settings_a_new_month_or_the_catalog_recompute_every_scope(
    db: sqlite_utils.Database, evaluated: Evaluated, change: str
) -> None:
    settings, now, catalog = SETTINGS, NOW, EMPTY
    if change == "settings":
        settings = replace(SETTINGS, law2_lag_months=3)
    elif change == "month":  # the ledger runs to now's month (or the horizon, if earlier)
        now = datetime(2024, 8, 3, tzinfo=UTC)
    else:
        catalog = Catalog([model("p", released="2023-01-10", total=50)], {})
    recompute_ledger(db, catalog, settings, now, change)
    assert sorted(evaluated.scopes) == [("arena", "coding"), ("arena", "overall")]
    assert stored(db) == whole(db, catalog, settings, now)
    evaluated.scopes.clear()
    assert recompute_ledger(db, catalog, settings, now, "again") == []
    assert evaluated.scopes == []


def test_a_scope_no_longer_stored_has_its_verdicts_retired(
    db: sqlite_utils.Database, evaluated: Evaluated
) -> None:
    with transaction(db):
        db.execute(
            "DELETE FROM entries WHERE snapshot_id IN "
            "(SELECT id FROM snapshots WHERE category = 'coding')"
        )
        db.execute("DELETE FROM snapshots WHERE category = 'coding'")
    recompute_ledger(db, EMPTY, SETTINGS, NOW, "scope gone")
    assert {v[2] for v in stored(db)} == {"overall"}
    assert stored(db) == whole(db, EMPTY, SETTINGS, NOW)
    assert evaluated.scopes == []  # the other scope's inputs did not change


def test_only_the_scopes_recomputed_have_verdicts_retired(db: sqlite_utils.Database) -> None:
    def current_ids(category: str) -> list[int]:
        return [
            r[0]
            for r in db.execute(
                "SELECT id FROM verdicts WHERE current = 1 AND category = ? ORDER BY id", [category]
            )
        ]

    overall, coding = current_ids("overall"), current_ids("coding")
    with transaction(db):  # the open model leaves the coding board
        insert_snapshot(
            db,
            snapshot("2024-07-15", entry("p", 1200, 5, released="2023-01-10"), category="coding"),
        )
    recompute_ledger(db, EMPTY, SETTINGS, NOW, "new snapshot")
    assert current_ids("overall") == overall
    assert current_ids("coding") != coding
    assert stored(db) == whole(db, EMPTY, SETTINGS, NOW)
