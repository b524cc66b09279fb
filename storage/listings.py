"""A model as the leaderboards list it: the newest stored listing of a name, for models the
catalog does not hold (an Open LLM Leaderboard repository, a model a live feed added)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from feeds.snapshot import Entry


@dataclass(frozen=True)
class Listing:
    leaderboard: str
    category: str
    snapshot_date: date  # the newest snapshot that lists it
    first_listed: date  # the oldest snapshot of that leaderboard that lists it
    entry: Entry


def find_listing(db: sqlite_utils.Database, name: str) -> Listing | None:
    """The newest listing whose model key or display name is `name` (case-insensitive),
    preferring a leaderboard's overall category."""
    wanted = name.strip().lower()
    row = db.execute(
        "SELECT s.leaderboard, s.category, s.snapshot_date, e.model_key, e.display_name, "
        "e.score, e.rank, e.ci_low, e.ci_high, e.votes, e.scores, e.meta "
        "FROM entries e JOIN snapshots s ON s.id = e.snapshot_id "
        "WHERE lower(e.model_key) = ? OR lower(e.display_name) = ? "
        "ORDER BY s.category != 'overall', s.snapshot_date DESC, s.id DESC LIMIT 1",
        [wanted, wanted],
    ).fetchone()
    if row is None:
        return None
    first = db.execute(
        "SELECT MIN(s.snapshot_date) FROM entries e JOIN snapshots s ON s.id = e.snapshot_id "
        "WHERE s.leaderboard = ? AND e.model_key = ?",
        [row[0], row[3]],
    ).fetchone()[0]
    entry = Entry(
        model_key=row[3],
        display_name=row[4],
        score=row[5],
        rank=row[6],
        ci_low=row[7],
        ci_high=row[8],
        votes=row[9],
        scores=json.loads(row[10]),
        meta=json.loads(row[11]),
    )
    return Listing(row[0], row[1], date.fromisoformat(row[2]), date.fromisoformat(first), entry)


def listed_names(db: sqlite_utils.Database, prefix: str, limit: int = 25) -> list[str]:
    """Model keys of stored listings starting with `prefix` (case-insensitive), for
    completion."""
    escaped = prefix.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT model_key FROM entries WHERE lower(model_key) LIKE ? ESCAPE '\\' "
            "ORDER BY model_key LIMIT ?",
            [escaped + "%", limit],
        )
    ]
