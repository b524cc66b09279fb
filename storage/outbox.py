"""The outbox: events and their per-destination deliveries.

`enqueue` writes an event and one delivery row per destination in the caller's transaction
(the one that stored the snapshot revealing it), so a crash either loses both or keeps both.
A delivery is marked done only after the platform confirmed it; a restart picks up whatever
is still pending. Failures are retried with exponential backoff and given up after a bound,
with the reason recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from storage.subscriptions import destinations, disable_destination
from storage.transaction import transaction

PENDING, DONE, FAILED, GONE, SKIPPED = "pending", "done", "failed", "gone", "skipped"
# Reach only subscriptions that asked for laws.
LAW_KINDS = frozenset({"verdict_change", "counterexample_accepted"})
# Reach only subscriptions that asked for predictions.
PREDICTION_KINDS = frozenset({"prediction_resolved"})
MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True)
class Due:
    """A delivery whose time has come, with its event."""

    id: int
    event_id: int
    kind: str
    payload: dict[str, Any]
    platform: str
    channel_id: str
    attempts: int
    # When the first attempt began (any attempt since may have reached the platform),
    # or None before the first.
    first_attempt_at: datetime | None = None


def enqueue(
    db: sqlite_utils.Database,
    kind: str,
    payload: dict[str, Any],
    *,
    now: datetime,
    snapshot_id: int | None = None,
) -> int:
    """Write an event and its deliveries; return the event id. Inside a transaction it joins
    it (call it from `on_stored`); outside, it opens its own."""
    if db.conn.in_transaction:
        return _enqueue(db, kind, payload, now, snapshot_id)
    with transaction(db):
        return _enqueue(db, kind, payload, now, snapshot_id)


def _enqueue(
    db: sqlite_utils.Database,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    snapshot_id: int | None,
) -> int:
    leaderboard = payload.get("leaderboard")
    stamp = now.isoformat(timespec="seconds")
    event_id = db.execute(
        "INSERT INTO outbox_events (kind, leaderboard, payload, snapshot_id, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [kind, leaderboard, json.dumps(payload, sort_keys=True), snapshot_id, stamp],
    ).lastrowid
    db.conn.executemany(
        "INSERT INTO deliveries (event_id, platform, channel_id, next_attempt_at) "
        "VALUES (?, ?, ?, ?)",
        [
            (event_id, platform, channel, stamp)
            for platform, channel in destinations(
                db, leaderboard, kind in LAW_KINDS, kind in PREDICTION_KINDS
            )
        ],
    )
    return event_id


def due_deliveries(
    db: sqlite_utils.Database, platforms: list[str], now: datetime, limit: int = 50
) -> list[Due]:
    """Pending deliveries for these platforms whose next attempt is due, oldest event
    first."""
    if not platforms:
        return []
    marks = ",".join("?" for _ in platforms)
    rows = db.execute(
        "SELECT d.id, d.event_id, e.kind, e.payload, d.platform, d.channel_id, d.attempts, "
        "d.first_attempt_at "
        "FROM deliveries d JOIN outbox_events e ON e.id = d.event_id "
        f"WHERE d.status = ? AND d.next_attempt_at <= ? AND d.platform IN ({marks}) "
        "ORDER BY d.event_id, d.id LIMIT ?",
        [PENDING, now.isoformat(timespec="seconds"), *platforms, limit],
    ).fetchall()
    return [
        Due(
            r[0],
            r[1],
            r[2],
            json.loads(r[3]),
            r[4],
            r[5],
            r[6],
            datetime.fromisoformat(r[7]) if r[7] else None,
        )
        for r in rows
    ]


def mark_first_attempt(db: sqlite_utils.Database, delivery_id: int, now: datetime) -> None:
    """Note that the first attempt begins, before the platform is called: should the
    process die before the outcome is written, later attempts know it may have arrived."""
    db.execute(
        "UPDATE deliveries SET first_attempt_at = coalesce(first_attempt_at, ?) WHERE id = ?",
        [now.isoformat(timespec="seconds"), delivery_id],
    )


def mark_delivered(
    db: sqlite_utils.Database, delivery_id: int, message_id: str, now: datetime
) -> None:
    """Record a delivery as done, with the platform's message id and the attempt counted. Called
    only once the platform has confirmed it, so a crash before that leaves it pending and it is
    tried again."""
    db.execute(
        "UPDATE deliveries SET status = ?, message_id = ?, attempts = attempts + 1, "
        "finished_at = ? WHERE id = ?",
        [DONE, message_id, now.isoformat(timespec="seconds"), delivery_id],
    )


def mark_failed(
    db: sqlite_utils.Database,
    delivery_id: int,
    error: str,
    now: datetime,
    *,
    retry_seconds: float,
    max_attempts: int,
) -> str:
    """Record a failed attempt: retry after retry_seconds × 2^(attempts−1) (capped), or give
    up once max_attempts have failed. Return the delivery's new status."""
    attempts = (
        db.execute("SELECT attempts FROM deliveries WHERE id = ?", [delivery_id]).fetchone()[0] + 1
    )
    stamp = now.isoformat(timespec="seconds")
    if attempts >= max_attempts:
        db.execute(
            "UPDATE deliveries SET status = ?, attempts = ?, last_error = ?, finished_at = ? "
            "WHERE id = ?",
            [FAILED, attempts, error[:500], stamp, delivery_id],
        )
        return FAILED
    delay = min(timedelta(seconds=retry_seconds * 2 ** (attempts - 1)), MAX_BACKOFF)
    db.execute(
        "UPDATE deliveries SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
        [attempts, error[:500], (now + delay).isoformat(timespec="seconds"), delivery_id],
    )
    return PENDING


def mark_gone(
    db: sqlite_utils.Database, platform: str, channel_id: str, reason: str, now: datetime
) -> int:
    """The channel can never receive again: disable its subscriptions and close every
    pending delivery to it. Return how many deliveries were closed."""
    with transaction(db):
        disable_destination(db, platform, channel_id, reason)
        return db.execute(
            "UPDATE deliveries SET status = ?, last_error = ?, finished_at = ? "
            "WHERE platform = ? AND channel_id = ? AND status = ?",
            [GONE, reason[:500], now.isoformat(timespec="seconds"), platform, channel_id, PENDING],
        ).rowcount


def skip_platform(db: sqlite_utils.Database, platform: str, reason: str, now: datetime) -> int:
    """Close the pending deliveries of a platform that is not running and never catches up
    (the console: it shows what happens while it runs). Return how many were closed."""
    return db.execute(
        "UPDATE deliveries SET status = ?, last_error = ?, finished_at = ? "
        "WHERE platform = ? AND status = ?",
        [SKIPPED, reason, now.isoformat(timespec="seconds"), platform, PENDING],
    ).rowcount


def delivery_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """How many deliveries are in each status."""
    return dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY status").fetchall())


def next_due(db: sqlite_utils.Database, platforms: list[str]) -> datetime | None:
    """When the earliest pending delivery for these platforms is due."""
    if not platforms:
        return None
    marks = ",".join("?" for _ in platforms)
    row = db.execute(
        f"SELECT min(next_attempt_at) FROM deliveries WHERE status = ? AND platform IN ({marks})",
        [PENDING, *platforms],
    ).fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


@dataclass(frozen=True)
class Event:
    """An announcement as the outbox keeps it (whoever it was delivered to)."""

    id: int
    kind: str
    leaderboard: str | None
    payload: dict[str, Any]
    created_at: str


def recent_events(
    db: sqlite_utils.Database, limit: int = 50, leaderboard: str | None = None
) -> list[Event]:
    """The newest events (of one leaderboard's, if given), newest first."""
    where, params = ("WHERE leaderboard = ? ", [leaderboard]) if leaderboard else ("", [])
    return [
        Event(r[0], r[1], r[2], json.loads(r[3]), r[4])
        for r in db.execute(
            "SELECT id, kind, leaderboard, payload, created_at FROM outbox_events "
            f"{where}ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
    ]
