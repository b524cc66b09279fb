"""The established leader of each leaderboard category, as of one stored snapshot: a cache
of replaying detection over the category's snapshots (handlers/watch.py owns its meaning and
rebuilds it whenever it is not as of the latest earlier snapshot), stored as JSON."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils


def leader_state(
    db: sqlite_utils.Database, leaderboard: str, category: str
) -> tuple[int, dict[str, Any]] | None:
    """(the snapshot id the state is as of, the state), or None."""
    row = db.execute(
        "SELECT snapshot_id, state FROM leaders WHERE leaderboard = ? AND category = ?",
        [leaderboard, category],
    ).fetchone()
    return (row[0], json.loads(row[1])) if row else None


def save_leader_state(
    db: sqlite_utils.Database,
    leaderboard: str,
    category: str,
    snapshot_id: int,
    state: dict[str, Any],
) -> None:
    """Replace the category's cached leader state with `state` as of snapshot `snapshot_id`,
    stored as JSON with sorted keys; handlers/watch.py calls it in the transaction that stores
    the snapshot."""
    db.execute(
        "INSERT INTO leaders (leaderboard, category, snapshot_id, state) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (leaderboard, category) DO UPDATE SET snapshot_id = excluded.snapshot_id, "
        "state = excluded.state",
        [leaderboard, category, snapshot_id, json.dumps(state, sort_keys=True)],
    )
