"""The outbox: events with per-destination deliveries, retries with backoff, gone channels."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from storage import connect, transaction
from storage.outbox import (
    DONE,
    FAILED,
    GONE,
    PENDING,
    SKIPPED,
    delivery_counts,
    due_deliveries,
    enqueue,
    mark_delivered,
    mark_failed,
    mark_first_attempt,
    mark_gone,
    next_due,
    skip_platform,
)
from storage.subscriptions import ALL, channel_subscriptions, subscribe

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    database = connect(tmp_path / "o.db")
    subscribe(database, "discord", "c1", "arena", False, "mod", NOW)
    subscribe(database, "discord", "c2", ALL, True, "mod", NOW)
    subscribe(database, "slack", "C9", "livebench", True, "mod", NOW)
    return database


def destinations_of(db, event_id):
    return [
        tuple(r)
        for r in db.execute(
            "SELECT platform, channel_id FROM deliveries WHERE event_id = ? ORDER BY id", [event_id]
        ).fetchall()
    ]


def test_an_event_reaches_the_console_and_matching_subscriptions(db) -> None:
    leader = enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    assert destinations_of(db, leader) == [
        ("console", "console"),
        ("discord", "c1"),
        ("discord", "c2"),
    ]
    verdict = enqueue(db, "verdict_change", {"leaderboard": "livebench", "law": "2"}, now=NOW)
    assert destinations_of(db, verdict) == [
        ("console", "console"),
        ("discord", "c2"),
        ("slack", "C9"),
    ]
    general = enqueue(db, "verdict_change", {"law": "1"}, now=NOW)
    assert destinations_of(db, general) == [("console", "console"), ("discord", "c2")]


def test_enqueue_joins_the_callers_transaction(db) -> None:
    with pytest.raises(sqlite3.IntegrityError), transaction(db):
        enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
        db.execute("INSERT INTO subscriptions (platform) VALUES (NULL)")  # fails: rollback
    assert db.execute("SELECT count(*) FROM outbox_events").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0


def test_due_deliveries_only_for_running_platforms_oldest_first(db) -> None:
    first = enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    second = enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    due = due_deliveries(db, ["discord"], NOW)
    assert [(d.event_id, d.channel_id) for d in due] == [
        (first, "c1"),
        (first, "c2"),
        (second, "c1"),
        (second, "c2"),
    ]
    assert due[0].payload == {"leaderboard": "arena"} and due[0].kind == "leader_change"
    mark_delivered(db, due[0].id, "m-1", NOW)
    assert [d.id for d in due_deliveries(db, ["discord"], NOW)] == [d.id for d in due[1:]]
    assert due_deliveries(db, [], NOW) == []


def test_a_delivery_remembers_when_its_first_attempt_began(db) -> None:
    enqueue(db, "leader_change", {"leaderboard": "livebench"}, now=NOW)
    [due] = due_deliveries(db, ["slack"], NOW)
    assert due.first_attempt_at is None
    mark_first_attempt(db, due.id, NOW)
    mark_failed(db, due.id, "timeout", NOW, retry_seconds=1, max_attempts=5)
    mark_first_attempt(db, due.id, NOW + timedelta(hours=6))  # a later attempt
    [again] = due_deliveries(db, ["slack"], NOW + timedelta(days=1))
    assert again.first_attempt_at == NOW  # any attempt since then may have posted


def test_failures_back_off_exponentially_then_give_up_with_the_reason(db) -> None:
    enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    item = due_deliveries(db, ["discord"], NOW)[0]
    now, delays = NOW, []
    for _ in range(3):
        assert (
            mark_failed(db, item.id, "HTTP 503", now, retry_seconds=10, max_attempts=4) == PENDING
        )
        due_at = datetime.fromisoformat(
            db.execute("SELECT next_attempt_at FROM deliveries WHERE id = ?", [item.id]).fetchone()[
                0
            ]
        )
        delays.append((due_at - now).total_seconds())
        # Not due just before its time, due at it.
        assert item.id not in [
            d.id for d in due_deliveries(db, ["discord"], due_at - timedelta(seconds=1))
        ]
        now = due_at
        assert item.id in [d.id for d in due_deliveries(db, ["discord"], now)]
    assert delays == [10, 20, 40]
    assert (
        mark_failed(db, item.id, "HTTP 503 again", now, retry_seconds=10, max_attempts=4) == FAILED
    )
    row = db.execute(
        "SELECT status, attempts, last_error FROM deliveries WHERE id = ?", [item.id]
    ).fetchone()
    assert tuple(row) == (FAILED, 4, "HTTP 503 again")
    assert item.id not in [d.id for d in due_deliveries(db, ["discord"], now + timedelta(days=9))]


def test_a_gone_channel_is_disabled_and_its_pending_deliveries_closed(db) -> None:
    enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    assert mark_gone(db, "discord", "c1", "Unknown Channel", NOW) == 2
    assert [d.channel_id for d in due_deliveries(db, ["discord"], NOW)] == ["c2", "c2"]
    (sub,) = channel_subscriptions(db, "discord", "c1")
    assert not sub.enabled and sub.disabled_reason == "Unknown Channel"
    # A later event does not reach the disabled channel.
    later = enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    assert ("discord", "c1") not in destinations_of(db, later)
    # Subscribing again re-enables it.
    subscribe(db, "discord", "c1", "arena", False, "mod", NOW)
    assert channel_subscriptions(db, "discord", "c1")[0].enabled


def test_counts_and_skipping_a_platform_that_is_not_running(db) -> None:
    enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    assert skip_platform(db, "console", "not running", NOW) == 1
    assert delivery_counts(db) == {PENDING: 2, SKIPPED: 1}
    for item in due_deliveries(db, ["discord"], NOW):
        mark_delivered(db, item.id, "m", NOW)
    assert delivery_counts(db) == {DONE: 2, SKIPPED: 1}
    assert GONE not in delivery_counts(db)


def test_next_due_is_the_earliest_pending_delivery(db) -> None:
    assert next_due(db, ["discord"]) is None
    enqueue(db, "leader_change", {"leaderboard": "arena"}, now=NOW)
    first, second = due_deliveries(db, ["discord"], NOW)
    mark_failed(db, first.id, "x", NOW, retry_seconds=60, max_attempts=5)
    assert next_due(db, ["discord"]) == NOW
    mark_failed(db, second.id, "x", NOW, retry_seconds=30, max_attempts=5)
    assert next_due(db, ["discord"]) == NOW + timedelta(seconds=30)
    assert next_due(db, ["slack"]) is None
