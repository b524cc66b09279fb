"""Subscription queries: which channels receive which announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

ALL = "*"  # a subscription to every leaderboard
CONSOLE = ("console", "console")  # always subscribed to everything; never stored


@dataclass(frozen=True)
class Subscription:
    platform: str
    channel_id: str
    leaderboard: str  # a leaderboard id, or ALL
    laws: bool  # also the ledger's verdict changes
    enabled: bool
    disabled_reason: str
    predictions: bool = False  # also community predictions as they resolve


def subscribe(
    db: sqlite_utils.Database,
    platform: str,
    channel_id: str,
    leaderboard: str,
    laws: bool,
    by: str,
    now: datetime,
    predictions: bool = False,
) -> None:
    """Subscribe (or re-enable, or change the `laws` and `predictions` choices of) one
    channel to one leaderboard or to ALL."""
    db.execute(
        "INSERT INTO subscriptions (platform, channel_id, leaderboard, laws, predictions, "
        "enabled, created_at, created_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?) "
        "ON CONFLICT (platform, channel_id, leaderboard) DO UPDATE SET laws = excluded.laws, "
        "predictions = excluded.predictions, enabled = 1, disabled_reason = ''",
        [
            platform,
            channel_id,
            leaderboard,
            int(laws),
            int(predictions),
            now.isoformat(timespec="seconds"),
            by,
        ],
    )


def unsubscribe(db: sqlite_utils.Database, platform: str, channel_id: str, leaderboard: str) -> int:
    """Remove one subscription, or with ALL every subscription of the channel; return how
    many were removed."""
    sql = "DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?"
    params = [platform, channel_id]
    if leaderboard != ALL:
        sql += " AND leaderboard = ?"
        params.append(leaderboard)
    return db.execute(sql, params).rowcount


def channel_subscriptions(
    db: sqlite_utils.Database, platform: str, channel_id: str
) -> list[Subscription]:
    """A channel's subscriptions by leaderboard id (ALL sorts first), disabled ones included
    with their reason: /subscriptions lists them and /unsubscribe explains a miss."""
    rows = db.execute(
        "SELECT platform, channel_id, leaderboard, laws, enabled, disabled_reason, predictions "
        "FROM subscriptions WHERE platform = ? AND channel_id = ? ORDER BY leaderboard",
        [platform, channel_id],
    ).fetchall()
    return [Subscription(r[0], r[1], r[2], bool(r[3]), bool(r[4]), r[5], bool(r[6])) for r in rows]


def destinations(
    db: sqlite_utils.Database, leaderboard: str | None, laws: bool, predictions: bool = False
) -> list[tuple[str, str]]:
    """The (platform, channel) pairs that receive an event about `leaderboard` (None: an
    event about no one leaderboard, which only ALL subscriptions receive); `laws` events
    only reach subscriptions that asked for them, and so do `predictions` events. The
    console is always first."""
    rows = db.execute(
        "SELECT DISTINCT platform, channel_id FROM subscriptions WHERE enabled = 1 "
        "AND (leaderboard = ? OR leaderboard = ?) AND (? = 0 OR laws = 1) "
        "AND (? = 0 OR predictions = 1) ORDER BY platform, channel_id",
        [ALL, leaderboard if leaderboard is not None else ALL, int(laws), int(predictions)],
    ).fetchall()
    return [CONSOLE, *((r[0], r[1]) for r in rows if (r[0], r[1]) != CONSOLE)]


def disable_destination(
    db: sqlite_utils.Database, platform: str, channel_id: str, reason: str
) -> int:
    """Stop sending to a channel that can never receive again; return rows disabled."""
    return db.execute(
        "UPDATE subscriptions SET enabled = 0, disabled_reason = ? "
        "WHERE platform = ? AND channel_id = ? AND enabled = 1",
        [reason[:500], platform, channel_id],
    ).rowcount
