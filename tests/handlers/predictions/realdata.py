"""The bundled real history with new Arena snapshots after it, as a poll would store them,
for predictions to resolve against.

The newest bundled Arena snapshot (2025-12-11, leaderboard-text_2025-12-11.json) has
gemini-3-pro first (1486.6, proprietary) and glm-4.6 the best open model (1441.2, OSI);
a new snapshot is that one, dated later, with some scores changed."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import sqlite_utils

from feeds.snapshot import Snapshot
from storage.snapshots import insert_snapshot, load_snapshot, snapshot_index
from storage.transaction import transaction

STATED = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # when the tests' predictions are made
DAY = STATED.date()


def claims(stated: date = DAY) -> tuple[str, str, str]:
    """Three claims stated on `stated`: an open #1 within about seven months (YES once
    glm-4.6 leads), gemini-3-pro at 1550 within 35 days (NO once the data passes that
    date), any open model at 1600 (stays open). From 2026-11-26: by 2027-06-30, 2026-12-31
    and 2027-06-30."""
    later, soon = stated + timedelta(days=216), stated + timedelta(days=35)
    return (
        f"leader leaderboard=arena openness=open by={later} confidence=30",
        f"reaches leaderboard=arena model=gemini-3-pro score=1550 by={soon} confidence=80",
        f"reaches leaderboard=arena model=any-open score=1600 by={later}",
    )


LEADER_OPEN, GEMINI_1550, OPEN_1600 = claims()


def arena_snapshot(
    db: sqlite_utils.Database, day: date, scores: dict[str, float] | None = None
) -> Snapshot:
    """The newest stored Arena overall snapshot, dated `day`, with `scores` (model key →
    score, its interval moved with it) changed."""
    latest = load_snapshot(db, snapshot_index(db, "arena", "overall")[-1].id)
    assert latest is not None
    changed = scores or {}
    entries = []
    for e in latest.entries:
        if e.model_key in changed:
            shift = changed[e.model_key] - e.score
            e = dataclasses.replace(
                e,
                score=changed[e.model_key],
                ci_low=None if e.ci_low is None else e.ci_low + shift,
                ci_high=None if e.ci_high is None else e.ci_high + shift,
            )
        entries.append(e)
    entries.sort(key=lambda e: -e.score)
    return dataclasses.replace(
        latest,
        snapshot_date=day,
        fetched_at=datetime.combine(day, time(6), UTC),
        source=f"leaderboard-text_{day.isoformat()}.json (test)",
        entries=tuple(dataclasses.replace(e, rank=i + 1) for i, e in enumerate(entries)),
    )


def store(db: sqlite_utils.Database, *snapshots: Snapshot) -> list[int]:
    """Store snapshots as a poll does (one transaction); their ids."""
    with transaction(db):
        ids = [insert_snapshot(db, s) for s in snapshots]
    assert None not in ids
    return [i for i in ids if i is not None]


def december(db: sqlite_utils.Database, stated: date = DAY) -> Snapshot:
    """19 days after `stated` (2026-12-15): as before (gemini-3-pro leads), deciding none
    of the three `claims`."""
    return arena_snapshot(db, stated + timedelta(days=19), {"gemini-3-pro": 1487.0})


def january(db: sqlite_utils.Database, stated: date = DAY) -> Snapshot:
    """45 days after `stated` (2027-01-10): glm-4.6 first at 1500 (the first claim: YES),
    past the second's deadline (NO), no open model at 1600 (the third stays open)."""
    return arena_snapshot(db, stated + timedelta(days=45), {"glm-4.6": 1500.0})
