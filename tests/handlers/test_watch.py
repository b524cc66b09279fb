"""Detection wired to storage: the announcement is written with the snapshot that revealed
it, and only then."""

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from catalog import Catalog
from handlers.watch import ledger_to_outbox, watch_snapshot
from laws.settings import LawsConfig
from storage import connect, transaction
from storage.snapshots import insert_snapshot
from tests.handlers.test_detect import snap
from tests.laws.builders import OPEN, entry, snapshot

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
NO_CATALOG = Catalog([], {})


def store(db, snapshot, *, imported=False, hook=True):
    """Store a snapshot as poll/import do: watch inside the snapshot's transaction."""
    with transaction(db):
        snapshot_id = insert_snapshot(db, snapshot, imported=imported)
        if hook and snapshot_id is not None:
            return watch_snapshot(
                db,
                snapshot_id,
                snapshot,
                catalog=NO_CATALOG,
                confirm_snapshots=2,
                now=NOW,
                imported=imported,
                title="LMArena text",
            )
    return None


def events(db):
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT kind, json_extract(payload, '$.new.model_key') FROM outbox_events ORDER BY id"
        )
    ]


@pytest.fixture
def db(tmp_path):
    return connect(tmp_path / "w.db")


def test_a_real_change_is_enqueued_once_with_its_snapshot(db) -> None:
    assert store(db, snap(0, ("a", 1300, 1295, 1305), ("b", 1296, 1291, 1301))) is None
    assert store(db, snap(1, ("b", 1301, 1296, 1306), ("a", 1299, 1294, 1304))) is None
    event_id = store(db, snap(2, ("b", 1312, 1306, 1318), ("a", 1299, 1294, 1304)))
    assert event_id is not None
    assert store(db, snap(3, ("b", 1313, 1307, 1319), ("a", 1299, 1294, 1304))) is None
    assert events(db) == [("leader_change", "b")]
    row = db.execute(
        "SELECT snapshot_id, json_extract(payload, '$.title') FROM outbox_events"
    ).fetchone()
    third = db.execute("SELECT id FROM snapshots ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
    assert tuple(row) == (third, "LMArena text")


def test_a_failed_transaction_keeps_neither_snapshot_nor_announcement(db) -> None:
    store(db, snap(0, ("a", 90)))
    store(db, snap(1, ("b", 95), ("a", 90)))
    with pytest.raises(sqlite3.OperationalError), transaction(db):
        s = snap(2, ("b", 96), ("a", 90))
        sid = insert_snapshot(db, s)
        assert (
            watch_snapshot(db, sid, s, catalog=NO_CATALOG, confirm_snapshots=2, now=NOW) is not None
        )
        db.execute("SELECT * FROM no_such_table")
    assert events(db) == []
    assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 2
    # The same snapshot stored again (the next poll) announces, once.
    assert store(db, snap(2, ("b", 96), ("a", 90))) is not None
    assert events(db) == [("leader_change", "b")]


def test_imported_history_never_announces_and_is_the_baseline_for_live_polls(db) -> None:
    for day, rows in enumerate([(("a", 90),), (("b", 95),), (("b", 96),), (("c", 99),)]):
        assert store(db, snap(day, *rows), imported=True) is None
    assert events(db) == []
    # Live: c has led once (imported), leads again now: confirmed over 2 snapshots.
    assert store(db, snap(4, ("c", 99), ("b", 96))) is not None
    assert events(db) == [("leader_change", "c")]


def test_history_stored_without_the_hook_is_replayed(db) -> None:
    """An importer that does not call watch_snapshot leaves no state; the first live
    snapshot rebuilds it from the stored history instead of taking itself as a baseline."""
    for day, rows in enumerate([(("a", 90),), (("b", 95),), (("b", 96),)]):
        store(db, snap(day, *rows), imported=True, hook=False)
    assert store(db, snap(3, ("b", 97), ("a", 91))) is None  # b was already the leader
    assert store(db, snap(4, ("a", 98), ("b", 97))) is None  # 1 of 2
    assert store(db, snap(5, ("a", 99), ("b", 97))) is not None
    assert events(db) == [("leader_change", "a")]


def test_a_backfilled_older_snapshot_is_history(db) -> None:
    store(db, snap(5, ("a", 90)))
    assert store(db, snap(1, ("b", 99), ("a", 90))) is None  # older than what we have
    assert store(db, snap(2, ("b", 99), ("a", 90))) is None
    assert events(db) == []
    # The state is the replay in date order: b (days 1, 2) then a (day 5, 1 of 2) ...
    assert db.execute(
        "SELECT json_extract(state, '$.identity'), json_extract(state, '$.streak') FROM leaders"
    ).fetchone() == ("b", 1)
    # ... so a's second snapshot in a row confirms it.
    assert store(db, snap(6, ("a", 91), ("b", 90))) is not None
    assert events(db) == [("leader_change", "a")]


def test_ledger_status_changes_of_the_latest_month_go_to_the_outbox(db) -> None:
    def arena(day: str, open_score: float):
        return snapshot(
            day,
            entry("p", 1200, 5, released="2023-01-10"),
            entry("o", open_score, 5, licence=OPEN, released="2024-07-02"),
        )

    settings, first_now = LawsConfig(), datetime(2024, 7, 20, tzinfo=UTC)
    insert_snapshot(db, arena("2024-07-10", 1190))
    # Every verdict is new: recorded in the ledger, announced nowhere.
    assert ledger_to_outbox(db, NO_CATALOG, settings, first_now, "first start") == 0
    assert db.execute("SELECT count(*) FROM verdicts").fetchone()[0] > 0
    insert_snapshot(db, arena("2024-07-24", 1220))
    later = datetime(2024, 7, 25, tzinfo=UTC)
    assert ledger_to_outbox(db, NO_CATALOG, settings, later, "new snapshot of arena") >= 1
    payloads = [
        json.loads(r[0])
        for r in db.execute("SELECT payload FROM outbox_events WHERE kind = 'verdict_change'")
    ]
    assert {
        "law": "2",
        "leaderboard": "arena",
        "category": "overall",
        "period": "2024-07",
        "old_status": "TIED",
        "new_status": "HOLDS",
        "reason": "new snapshot of arena",
        "data_as_of": "2024-07-24",
    } in payloads
    assert all(p["period"] == "2024-07" and p["old_status"] != p["new_status"] for p in payloads)
    # Nothing changed: nothing more.
    assert ledger_to_outbox(db, NO_CATALOG, settings, later, "again") == 0
