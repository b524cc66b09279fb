from datetime import UTC, date, datetime

from feeds.snapshot import Entry, Snapshot
from storage import connect, transaction
from storage.snapshots import (
    content_hash,
    insert_new_snapshot,
    insert_snapshot,
    latest_snapshot,
    same_as_latest,
    snapshot_index,
)


def snap(day: str, leader: str = "gpt-4", fetched: str = "2024-01-01T00:00:00") -> Snapshot:
    return Snapshot(
        leaderboard="arena",
        category="overall",
        snapshot_date=date.fromisoformat(day),
        fetched_at=datetime.fromisoformat(fetched).replace(tzinfo=UTC),
        entries=(
            Entry(
                leader,
                leader.upper(),
                1250.5,
                1,
                1245.0,
                1256.0,
                1000,
                scores={"coding": 1260.0},
                meta={"license": "Proprietary"},
            ),
            Entry("vicuna-13b", "Vicuna", 1100.0, 2),
        ),
        source="test",
    )


def test_round_trip_and_unchanged_content_is_not_stored_twice(tmp_path) -> None:
    db = connect(tmp_path / "s.db")
    with transaction(db):
        first = insert_snapshot(db, snap("2024-01-01"))
    assert first is not None
    # Same content fetched later: nothing new.
    assert insert_snapshot(db, snap("2024-01-01", fetched="2024-01-02T00:00:00")) is None
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    stored = latest_snapshot(db, "arena", "overall")
    assert stored == snap("2024-01-01")
    assert stored.leader.model_key == "gpt-4"


def test_columns_null_in_every_row_are_stored_as_null_and_a_zero_is_kept(tmp_path) -> None:
    # No entry has an interval: those columns are left out of the insert, and read back as
    # None. A vote count of 0 (falsy, not None) in one row keeps the votes column.
    bare = Snapshot(
        "open-llm-v2",
        "overall",
        date(2024, 1, 1),
        datetime(2024, 1, 1, tzinfo=UTC),
        (
            Entry("a/x", "a/x", 40.5, 1, scores={"bbh": 50.0}, meta={"license": "mit"}),
            Entry("b/y", "b/y", 30.25, 2, votes=0),
            Entry("c/z", "c/z", 20.0, 3),
        ),
        "test",
    )
    db = connect(tmp_path / "s.db")
    with transaction(db):
        snapshot_id = insert_snapshot(db, bare)
    assert db.execute(
        "SELECT model_key, score, ci_low, ci_high, votes, scores, meta FROM entries "
        "WHERE snapshot_id = ? ORDER BY rank",
        [snapshot_id],
    ).fetchall() == [
        ("a/x", 40.5, None, None, None, '{"bbh":50.0}', '{"license":"mit"}'),
        ("b/y", 30.25, None, None, 0, "{}", "{}"),
        ("c/z", 20.0, None, None, None, "{}", "{}"),
    ]
    assert latest_snapshot(db, "open-llm-v2", "overall") == bare
    assert same_as_latest(db, bare)


def test_same_as_latest_compares_entries_whatever_the_date(tmp_path) -> None:
    db = connect(tmp_path / "s.db")
    assert not same_as_latest(db, snap("2024-01-01"))  # nothing stored yet
    insert_snapshot(db, snap("2024-01-01", "gpt-4"))
    assert same_as_latest(db, snap("2024-01-01", "gpt-4"))
    assert same_as_latest(db, snap("2024-06-01", "gpt-4", fetched="2024-06-01T00:00:00"))
    assert not same_as_latest(db, snap("2024-01-01", "claude-3-opus"))
    insert_snapshot(db, snap("2024-03-01", "claude-3-opus"))
    assert not same_as_latest(db, snap("2024-06-01", "gpt-4"))  # only the latest counts
    rescored = snap("2024-06-01", "claude-3-opus")
    rescored.entries[1].score += 1
    assert not same_as_latest(db, rescored)


def counts(db) -> tuple[int, int]:
    return (
        db.execute("SELECT count(*) FROM snapshots").fetchone()[0],
        db.execute("SELECT count(*) FROM entries").fetchone()[0],
    )


def test_insert_new_snapshot_stores_only_what_the_latest_does_not_say(tmp_path) -> None:
    db = connect(tmp_path / "s.db")
    with transaction(db):
        first = insert_new_snapshot(db, snap("2024-01-01", "gpt-4"))
    assert first is not None
    # The same entries on a later day: nothing new, nothing written.
    with transaction(db):
        assert insert_new_snapshot(db, snap("2024-06-01", "gpt-4")) is None
    assert counts(db) == (1, 2)
    with transaction(db):
        second = insert_new_snapshot(db, snap("2024-03-01", "claude-3-opus"))
    assert second is not None and counts(db) == (2, 4)
    # Back to what an older (not the latest) snapshot said: new again, stored with its date.
    with transaction(db):
        third = insert_new_snapshot(db, snap("2024-06-01", "gpt-4"))
    assert third is not None and counts(db) == (3, 6)
    stored = db.execute("SELECT content_hash FROM snapshots WHERE id = ?", [third]).fetchone()
    assert stored[0] == content_hash(snap("2024-06-01", "gpt-4"))
    # The very content stored already on that date (the latest is another): nothing.
    with transaction(db):
        insert_new_snapshot(db, snap("2024-07-01", "claude-3-opus"))
        assert insert_new_snapshot(db, snap("2024-06-01", "gpt-4")) is None
    assert counts(db) == (4, 8)


def test_the_content_hash_covers_the_date(tmp_path) -> None:
    assert content_hash(snap("2024-01-01")) != content_hash(snap("2024-01-02"))
    assert content_hash(snap("2024-01-01")) == content_hash(
        snap("2024-01-01", fetched="2024-05-05T00:00:00")
    )


def test_latest_on_or_before_a_date(tmp_path) -> None:
    db = connect(tmp_path / "s.db")
    insert_snapshot(db, snap("2024-01-01", "gpt-4"))
    insert_snapshot(db, snap("2024-03-01", "claude-3-opus"), imported=True)
    assert latest_snapshot(db, "arena", "overall").leader.model_key == "claude-3-opus"
    assert latest_snapshot(db, "arena", "overall", date(2024, 2, 1)).leader.model_key == "gpt-4"
    assert latest_snapshot(db, "arena", "overall", date(2023, 12, 1)) is None
    assert latest_snapshot(db, "arena", "coding") is None
    refs = snapshot_index(db, "arena")
    assert [(r.snapshot_date, r.imported) for r in refs] == [
        (date(2024, 1, 1), False),
        (date(2024, 3, 1), True),
    ]
