from datetime import UTC, datetime, timedelta

from storage import connect
from storage.counterexamples import (
    Check,
    CheckOutcome,
    Person,
    Status,
    Submission,
    accepted_for_law,
    by_user_since,
    get_counterexample,
    insert_counterexample,
    list_counterexamples,
    pending_by_user,
    record_review,
)

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ALICE = Person("discord", "1", "alice")
MOD = Person("discord", "2", "mo")


def add(db, law="2", claim="c", who=ALICE, at=T0) -> int:
    return insert_counterexample(
        db,
        Submission(law, claim, "a, b", "https://e.org", ""),
        who,
        "chan",
        at,
        Check(CheckOutcome.UNCHECKABLE, "why", ("f1",)),
    )


def test_round_trip_and_history(tmp_path) -> None:
    db = connect(tmp_path / "c.db")
    text = "  spaces kept \n\x00 <!channel> ünïcödé 🧪  "
    n = add(db, claim=text)
    got = get_counterexample(db, n)
    assert got.submission.claim == text
    assert got.check == Check(CheckOutcome.UNCHECKABLE, "why", ("f1",))
    assert (got.status, got.submitted_at, got.reviews, got.decided) == (
        Status.PENDING,
        T0,
        (),
        None,
    )
    assert record_review(db, n, Status.REJECTED, MOD, "no", T0 + timedelta(minutes=5))
    # Decided once: a second review writes nothing.
    assert not record_review(db, n, Status.ACCEPTED, MOD, "", T0 + timedelta(minutes=6))
    assert not record_review(db, 999, Status.ACCEPTED, MOD, "", T0)
    got = get_counterexample(db, n)
    assert got.status is Status.REJECTED
    assert [(r.action, r.by, r.reason, r.at) for r in got.reviews] == [
        (Status.REJECTED, MOD, "no", T0 + timedelta(minutes=5))
    ]
    assert db.execute("SELECT count(*) FROM counterexample_reviews").fetchone()[0] == 1


def test_queries_by_user_law_and_status(tmp_path) -> None:
    db = connect(tmp_path / "c.db")
    a = add(db, at=T0 - timedelta(hours=2))
    b = add(db, law="3", at=T0 - timedelta(minutes=30))
    add(db, who=MOD, at=T0)
    record_review(db, a, Status.ACCEPTED, MOD, "", T0)
    assert [c.id for c in by_user_since(db, ALICE, T0 - timedelta(hours=1))] == [b]
    assert [c.id for c in pending_by_user(db, ALICE)] == [b]
    assert [c.id for c in list_counterexamples(db)] == [3, 2, 1]
    assert [c.id for c in list_counterexamples(db, "2", Status.PENDING)] == [3]
    assert [c.id for c in list_counterexamples(db, limit=1)] == [3]
    [credited] = accepted_for_law(db, "2")
    assert (credited.id, credited.decided.by) == (a, MOD)
    assert accepted_for_law(db, "3") == []
