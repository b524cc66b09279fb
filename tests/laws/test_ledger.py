from dataclasses import replace
from datetime import UTC, datetime

import pytest

from catalog import Catalog
from handlers.ledger import current_verdicts, last_changes, load_histories, recompute_ledger
from laws.ledger import compute_ledger, months
from laws.settings import LawsConfig
from laws.verdict import Status
from storage import connect, transaction
from storage.snapshots import insert_snapshot
from tests.laws.builders import OPEN, entry, history, snapshot

SETTINGS = LawsConfig()
NOW = datetime(2024, 7, 20, tzinfo=UTC)
EMPTY = Catalog([], {})


def first(open_score: float):
    return snapshot(
        "2024-07-10",
        entry("p", 1200, 5, released="2023-01-10"),
        entry("o", open_score, 5, licence=OPEN, released="2024-07-02"),
    )


def count(db) -> int:
    return db.execute("SELECT count(*) FROM verdicts").fetchone()[0]


def test_months_run_from_the_first_data_to_now() -> None:
    h = history(first(1190))
    assert months(h, SETTINGS, NOW)[:2] == ["2023-01", "2023-02"]
    assert months(h, SETTINGS, NOW)[-1] == "2024-07"
    assert len(months(h, replace(SETTINGS, first_month="2024-01"), NOW)) == 7
    verdicts = compute_ledger([h], SETTINGS, NOW)
    assert len(verdicts) == 4 * 19  # four parts × 2023-01..2024-07


def test_recompute_twice_adds_nothing_and_a_flip_adds_one_row(tmp_path) -> None:
    db = connect(tmp_path / "l.db")
    insert_snapshot(db, first(1190))
    changes = recompute_ledger(db, EMPTY, SETTINGS, NOW, "first start")
    assert len(changes) == count(db) == 4 * 19
    assert all(c.old is None and c.status_changed for c in changes)
    assert recompute_ledger(db, EMPTY, SETTINGS, NOW, "again") == []
    assert count(db) == 4 * 19

    # A new snapshot: the open model climbs above the proprietary one beyond the intervals.
    later = datetime(2024, 7, 25, tzinfo=UTC)
    with transaction(db):
        insert_snapshot(
            db,
            snapshot(
                "2024-07-24",
                entry("p", 1200, 5, released="2023-01-10"),
                entry("o", 1220, 5, licence=OPEN, released="2024-07-02"),
            ),
        )
    changes = recompute_ledger(db, EMPTY, SETTINGS, later, "new snapshot arena 2024-07-24")
    law2 = [c for c in changes if c.new.law == "2"]
    assert len(law2) == 1
    (change,) = law2
    assert (change.new.period, change.old.status, change.new.status) == (
        "2024-07",
        Status.TIED,
        Status.HOLDS,
    )
    assert change.new.lag_months == 0 and change.old.lag_months is None
    assert change.reason == "new snapshot arena 2024-07-24"
    assert count(db) == 4 * 19 + len(changes)
    rows = db.execute(
        "SELECT status, current, superseded_at, previous_status, reason FROM "
        "verdicts WHERE law = '2' AND period = '2024-07' ORDER BY id"
    ).fetchall()
    assert rows == [
        ("TIED", 0, "2024-07-25T00:00:00+00:00", None, "first start"),
        ("HOLDS", 1, None, "TIED", "new snapshot arena 2024-07-24"),
    ]
    current = current_verdicts(db, ("2",))
    assert len(current) == 19 and current[0].verdict.status is Status.HOLDS
    assert last_changes(db, ("2",))["2"].verdict.period == "2024-07"
    assert recompute_ledger(db, EMPTY, SETTINGS, later, "again") == []


def test_a_failed_recompute_writes_nothing(tmp_path) -> None:
    db = connect(tmp_path / "l.db")
    insert_snapshot(db, first(1190))
    broken = replace(SETTINGS)
    object.__setattr__(broken, "law2_lag_months", "six")  # an evaluator will raise
    with pytest.raises(TypeError):
        recompute_ledger(db, EMPTY, broken, NOW, "bad")
    assert count(db) == 0


def test_as_known_then_loads_every_snapshot_and_first_listings(tmp_path) -> None:
    db = connect(tmp_path / "l.db")
    insert_snapshot(
        db,
        snapshot(
            "2024-01-05",
            entry("p", 1200, 5, released="2023-01-10"),
            entry("undated", 1150, 5, licence=OPEN),
        ),
    )
    insert_snapshot(
        db,
        snapshot(
            "2024-07-10",
            entry("p", 1200, 5, released="2023-01-10"),
            entry("undated", 1150, 5, licence=OPEN),
        ),
    )
    (h,) = load_histories(db, EMPTY, replace(SETTINGS, snapshot_mode="as_known_then"))
    assert [b.day.isoformat() for b in h.boards] == ["2024-01-05", "2024-07-10"]
    (latest,) = load_histories(db, EMPTY, SETTINGS)
    assert [b.day.isoformat() for b in latest.boards] == ["2024-07-10"]
    # Only the newest snapshot is loaded, but the first listing comes from the older one.
    undated = latest.boards[0].ranked[-1]
    assert undated.entry.model_key == "undated"
    assert (undated.released.value.isoformat(), undated.released.provenance) == (
        "2024-01-05",
        "first_listed",
    )
