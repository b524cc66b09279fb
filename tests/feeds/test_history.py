"""The bundled history: its format round-trips, it loads once per version, a newer bundle
adds only its new snapshots, and the shipped bundle covers every leaderboard."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from feeds.history import DEFAULT_PATH, read_bundle, write_bundle
from feeds.registry import SOURCES
from feeds.snapshot import Entry, Snapshot
from storage import connect
from storage.history import load_bundle
from storage.snapshots import latest_snapshot, snapshot_index


def snap(day: str, leader: str) -> Snapshot:
    return Snapshot(
        "arena",
        "overall",
        date.fromisoformat(day),
        datetime.fromisoformat(day).replace(tzinfo=UTC),
        (
            Entry(
                leader,
                leader.upper(),
                1300.5,
                1,
                1290.0,
                1310.0,
                5000,
                {"coding": 1.5},
                {"license": "MIT"},
            ),
            Entry("same-name", "same-name", 1200.0, 2),
        ),
        "test.csv",
    )


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl.gz"
    originals = [snap("2024-01-01", "a"), snap("2024-02-01", "b")]
    write_bundle(originals, path)
    assert list(read_bundle(path)) == originals


def test_loads_once_and_a_newer_bundle_adds_only_new_snapshots(tmp_path: Path) -> None:
    db = connect(tmp_path / "db.sqlite")
    path = tmp_path / "h.jsonl.gz"
    write_bundle([snap("2024-01-01", "a")], path)
    assert load_bundle(db, path) == 1
    assert load_bundle(db, path) == 0
    write_bundle([snap("2024-01-01", "a"), snap("2024-02-01", "b")], path)
    assert load_bundle(db, path) == 1
    refs = snapshot_index(db, "arena")
    assert [(r.snapshot_date, r.imported) for r in refs] == [
        (date(2024, 1, 1), True),
        (date(2024, 2, 1), True),
    ]


def test_a_rebuilt_bundle_refreshes_the_listing_meta_of_stored_snapshots(tmp_path: Path) -> None:
    """The content hash leaves meta out, so the same scores are not stored twice; the meta
    (the listing facts the catalog reads) follows the newer bundle."""
    from dataclasses import replace

    db = connect(tmp_path / "db.sqlite")
    path = tmp_path / "h.jsonl.gz"
    old = snap("2024-01-01", "a")
    write_bundle([old], path)
    load_bundle(db, path)
    better = replace(
        old,
        entries=(
            replace(old.entries[0], meta={"license": "MIT", "submitted": "2023-12-01"}),
            old.entries[1],
        ),
    )
    write_bundle([better], path)
    assert load_bundle(db, path) == 0
    [stored] = [latest_snapshot(db, "arena", "overall")]
    assert stored.entries[0].meta == {"license": "MIT", "submitted": "2023-12-01"}
    assert len(snapshot_index(db, "arena")) == 1


def test_shipped_bundle_is_compact_and_covers_every_leaderboard(tmp_path: Path) -> None:
    assert DEFAULT_PATH.stat().st_size < 3_000_000
    db = connect(tmp_path / "db.sqlite")
    assert load_bundle(db) > 100
    boards = {r.leaderboard for r in snapshot_index(db)}
    assert boards == set(SOURCES)
    # The published table of 2024-06-19 (fboulnois' copy of the leaderboard page).
    day = latest_snapshot(db, "arena", "overall", date(2024, 6, 19))
    assert day.snapshot_date == date(2024, 6, 19)
    assert day.leader.display_name == "GPT-4o-2024-05-13"


def test_bundle_matches_the_shared_data(shared_data: Path) -> None:
    """The bundle is what scripts/build_history.py makes of ../shared/data today."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from build_history import build

    rebuilt = build(shared_data)
    shipped = list(read_bundle())
    assert len(rebuilt) == len(shipped)
    assert rebuilt == shipped
