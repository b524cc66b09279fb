"""How old each leaderboard's data is: read-only queries for the chat commands."""

from __future__ import annotations

import sqlite_utils


def data_horizons(db: sqlite_utils.Database) -> dict[tuple[str, str], str]:
    """The date of the latest stored snapshot (YYYY-MM-DD), per (leaderboard, category)."""
    return {
        (r[0], r[1]): r[2]
        for r in db.execute(
            "SELECT leaderboard, category, MAX(snapshot_date) FROM snapshots GROUP BY 1, 2"
        )
    }
