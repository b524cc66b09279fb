"""Feed state: per leaderboard, the last good fetch's validators (ETag, Last-Modified), the
digest of its body, and when the feed last succeeded, failed and was checked. Writers do
not open transactions: `handlers.poll` records the state in the same transaction as the
snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils


@dataclass(frozen=True)
class FeedState:
    leaderboard: str
    url: str | None  # the URL the validators belong to
    etag: str | None
    last_modified: str | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str | None
    last_checked_at: datetime | None
    body_digest: str | None  # SHA-256 (hex) of the last good body fetched from `url`


_COLUMNS = (
    "leaderboard, url, etag, last_modified, last_success_at, last_error_at, "
    "last_error, last_checked_at, body_digest"
)


def feed_state(db: sqlite_utils.Database, leaderboard: str) -> FeedState | None:
    """What is stored about one leaderboard's feed, or None before its first poll: handlers.poll
    sends its validators with the next request and skips a body whose digest matches."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM feed_state WHERE leaderboard = ?", [leaderboard]
    ).fetchone()
    return _state(row) if row else None


def all_feed_states(db: sqlite_utils.Database) -> list[FeedState]:
    """Every feed's stored state, by leaderboard id, for /status; a feed never polled has none."""
    return [
        _state(r)
        for r in db.execute(f"SELECT {_COLUMNS} FROM feed_state ORDER BY leaderboard").fetchall()
    ]


def record_success(
    db: sqlite_utils.Database,
    leaderboard: str,
    at: datetime,
    url: str,
    etag: str | None,
    last_modified: str | None,
    *,
    body_digest: str | None = None,
) -> None:
    """A fetch that parsed (new or unchanged content): keep its validators and the digest
    of its body."""
    _ensure(db, leaderboard)
    db.execute(
        "UPDATE feed_state SET url = ?, etag = ?, last_modified = ?, last_success_at = ?, "
        "last_checked_at = ?, body_digest = ? WHERE leaderboard = ?",
        [url, etag, last_modified, at.isoformat(), at.isoformat(), body_digest, leaderboard],
    )


def record_unchanged(db: sqlite_utils.Database, leaderboard: str, at: datetime) -> None:
    """A 304: the feed answered and has nothing new."""
    _ensure(db, leaderboard)
    db.execute(
        "UPDATE feed_state SET last_success_at = ?, last_checked_at = ? WHERE leaderboard = ?",
        [at.isoformat(), at.isoformat(), leaderboard],
    )


def record_error(db: sqlite_utils.Database, leaderboard: str, at: datetime, error: str) -> None:
    """A failed fetch or parse; the validators of the last good fetch stay."""
    _ensure(db, leaderboard)
    db.execute(
        "UPDATE feed_state SET last_error_at = ?, last_error = ?, last_checked_at = ? "
        "WHERE leaderboard = ?",
        [at.isoformat(), error, at.isoformat(), leaderboard],
    )


def _ensure(db: sqlite_utils.Database, leaderboard: str) -> None:
    db.execute("INSERT OR IGNORE INTO feed_state (leaderboard) VALUES (?)", [leaderboard])


def _state(row: tuple) -> FeedState:
    def when(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    return FeedState(
        row[0], row[1], row[2], row[3], when(row[4]), when(row[5]), row[6], when(row[7]), row[8]
    )
