"""Predictions as stored: text kept as given, a status that leaves 'open' once, idempotent
resolution joined to its announcement's transaction, withdrawal and void guarded."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from storage import connect
from storage.counterexamples import Person
from storage.outbox import enqueue
from storage.predictions import (
    Stated,
    Status,
    by_user_since,
    get_prediction,
    insert_prediction,
    list_predictions,
    open_by_user,
    open_predictions,
    record_resolution,
    same_claim_by_user,
    scored,
    void,
    withdraw,
)
from storage.subscriptions import ALL, destinations, subscribe

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ALICE = Person("discord", "1", "alice")
BOB = Person("slack", "U2", "bob")
MOD = Person("discord", "9", "mo")
HOSTILE = "  @everyone <!channel> <@123> **bold** `code` ünïcödé 🧪 \x00 "


def stated(
    claim: str = "leader leaderboard=arena openness=open by=2027-06-30",
    leaderboard: str = "arena",
    confidence: int | None = 70,
) -> Stated:
    return Stated(
        claim=claim,
        canonical=f"canon {claim}",
        sentence="An open model leads.",
        template="leader",
        leaderboard=leaderboard,
        category="overall",
        deadline=date(2027, 6, 30),
        fields={"template": "leader", "deadline": "2027-06-30"},
        confidence=confidence,
    )


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return connect(tmp_path / "p.db")


def test_round_trip_keeps_what_was_typed(db) -> None:
    n = insert_prediction(db, stated(HOSTILE), ALICE, "chan", T0)
    got = get_prediction(db, n)
    assert got.stated == stated(HOSTILE)
    assert (got.by, got.channel_id, got.stated_at, got.status) == (ALICE, "chan", T0, Status.OPEN)
    assert (got.outcome, got.resolved_on, got.evidence, got.void, got.came_true) == (
        None,
        None,
        {},
        None,
        None,
    )
    assert get_prediction(db, n + 1) is None


def test_resolution_is_final_and_runs_its_announcement_once(db) -> None:
    n = insert_prediction(db, stated(), ALICE, "chan", T0)
    evidence = {"snapshot": {"id": 7, "date": "2027-01-05"}, "reason": "glm leads"}

    def announce(d: sqlite_utils.Database) -> None:
        enqueue(d, "prediction_resolved", {"id": n, "leaderboard": "arena"}, now=T0)

    assert record_resolution(db, n, "YES", date(2027, 1, 5), evidence, T0, announce)
    # Redone after a restart: nothing changes, no second announcement.
    assert not record_resolution(db, n, "NO", date(2027, 7, 2), {}, T0, announce)
    got = get_prediction(db, n)
    assert (got.status, got.outcome, got.resolved_on, got.evidence, got.came_true) == (
        Status.YES,
        "YES",
        date(2027, 1, 5),
        evidence,
        True,
    )
    assert got.resolved_at == T0
    assert db.execute("SELECT count(*) FROM outbox_events").fetchone()[0] == 1


def test_a_failing_announcement_leaves_the_prediction_open(db) -> None:
    n = insert_prediction(db, stated(), ALICE, "chan", T0)

    def broken(d: sqlite_utils.Database) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError):
        record_resolution(db, n, "NO", date(2027, 7, 2), {}, T0, broken)
    assert get_prediction(db, n).status is Status.OPEN


def test_only_yes_or_no_resolves(db) -> None:
    n = insert_prediction(db, stated(), ALICE, "chan", T0)
    with pytest.raises(ValueError, match="YES or NO"):
        record_resolution(db, n, "OPEN", date(2027, 1, 5), {}, T0)
    assert get_prediction(db, n).status is Status.OPEN


def test_only_the_author_withdraws_and_only_while_open(db) -> None:
    n = insert_prediction(db, stated(), ALICE, "chan", T0)
    assert not withdraw(db, n, BOB, T0)
    assert not withdraw(db, n, Person("slack", "1", "alice"), T0)  # same id, other platform
    assert withdraw(db, n, ALICE, T0 + timedelta(minutes=1))
    got = get_prediction(db, n)
    assert (got.status, got.withdrawn_at) == (Status.WITHDRAWN, T0 + timedelta(minutes=1))
    assert not withdraw(db, n, ALICE, T0)
    resolved = insert_prediction(db, stated(), ALICE, "chan", T0)
    record_resolution(db, resolved, "NO", date(2027, 7, 2), {}, T0)
    assert not withdraw(db, resolved, ALICE, T0)
    assert get_prediction(db, resolved).status is Status.NO


def test_a_void_keeps_the_resolution_and_happens_once(db) -> None:
    n = insert_prediction(db, stated(), ALICE, "chan", T0)
    record_resolution(db, n, "YES", date(2027, 1, 5), {"reason": "r"}, T0)
    assert void(db, n, "the leaderboard was gamed", MOD, T0 + timedelta(hours=1))
    got = get_prediction(db, n)
    assert (got.status, got.outcome, got.evidence, got.came_true) == (
        Status.VOIDED,
        "YES",
        {"reason": "r"},
        None,
    )
    assert (got.void.reason, got.void.by, got.void.at) == (
        "the leaderboard was gamed",
        MOD,
        T0 + timedelta(hours=1),
    )
    assert not void(db, n, "again", MOD, T0)
    assert not record_resolution(db, n, "NO", date(2027, 7, 2), {}, T0)
    withdrawn = insert_prediction(db, stated(), ALICE, "chan", T0)
    withdraw(db, withdrawn, ALICE, T0)
    assert not void(db, withdrawn, "x", MOD, T0)


def test_queries_by_status_author_time_and_scope(db) -> None:
    a = insert_prediction(db, stated(), ALICE, "chan", T0)
    b = insert_prediction(
        db, stated("b", leaderboard="livebench"), ALICE, "chan", T0 + timedelta(minutes=30)
    )
    c = insert_prediction(db, stated("c"), BOB, "chan", T0 + timedelta(hours=2))
    record_resolution(db, a, "NO", date(2027, 7, 2), {}, T0)
    assert [p.id for p in list_predictions(db)] == [c, b, a]
    assert [p.id for p in list_predictions(db, {Status.OPEN})] == [c, b]
    assert [p.id for p in list_predictions(db, {Status.YES, Status.NO})] == [a]
    assert [p.id for p in list_predictions(db, by=ALICE, limit=1)] == [b]
    assert [p.id for p in open_predictions(db)] == [b, c]
    assert [p.id for p in open_predictions(db, {"arena"})] == [c]
    assert [p.id for p in open_by_user(db, ALICE)] == [b]
    assert [p.id for p in by_user_since(db, ALICE, T0 + timedelta(minutes=1))] == [b]
    assert [p.id for p in scored(db)] == [a]


def test_same_claim_ignores_withdrawn_and_voided(db) -> None:
    n = insert_prediction(db, stated(), ALICE, "chan", T0)
    canonical = get_prediction(db, n).stated.canonical
    assert same_claim_by_user(db, ALICE, canonical).id == n
    assert same_claim_by_user(db, BOB, canonical) is None
    withdraw(db, n, ALICE, T0)
    assert same_claim_by_user(db, ALICE, canonical) is None


def test_confidence_and_status_are_checked_by_the_schema(db) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        insert_prediction(db, stated(confidence=100), ALICE, "chan", T0)
    n = insert_prediction(db, stated(confidence=None), ALICE, "chan", T0)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE predictions SET status = 'maybe' WHERE id = ?", [n])


def test_prediction_events_reach_only_channels_that_asked(db) -> None:
    subscribe(db, "discord", "c-all", ALL, False, "m", T0, predictions=True)
    subscribe(db, "discord", "c-arena", "arena", True, "m", T0, predictions=True)
    subscribe(db, "slack", "C-laws", ALL, True, "m", T0)
    subscribe(db, "slack", "C-lb", "livebench", False, "m", T0, predictions=True)
    assert destinations(db, "arena", False, True) == [
        ("console", "console"),
        ("discord", "c-all"),
        ("discord", "c-arena"),
    ]
    enqueue(db, "prediction_resolved", {"leaderboard": "livebench"}, now=T0)
    assert sorted(db.execute("SELECT platform, channel_id FROM deliveries").fetchall()) == [
        ("console", "console"),
        ("discord", "c-all"),
        ("slack", "C-lb"),
    ]
    # Re-subscribing without the option turns it off, as it does for laws.
    subscribe(db, "discord", "c-all", ALL, False, "m", T0)
    assert ("discord", "c-all") not in destinations(db, "arena", False, True)
