"""After a snapshot is stored: detect a change of leader and put its announcement in the
outbox, in the same transaction (this runs on the storage thread, as `poll`'s `on_stored`).
After a poll that stored something: recompute the ledger and hand its status changes to the
outbox, in one transaction.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

import sqlite_utils

from catalog import Catalog
from feeds.snapshot import Entry, Snapshot
from handlers.announcement import announcement_of, to_payload
from handlers.detect import LeaderState, replay, step
from handlers.events import LEADER_CHANGE, VERDICT_CHANGE
from handlers.ledger import update_ledger
from laws.settings import LawsConfig
from laws.verdict import VerdictChange
from storage import transaction
from storage.leaders import leader_state, save_leader_state
from storage.ledger import latest_periods
from storage.outbox import enqueue
from storage.snapshots import load_snapshot, snapshot_index


def watch_snapshot(
    db: sqlite_utils.Database,
    snapshot_id: int,
    snapshot: Snapshot,
    *,
    catalog: Catalog,
    confirm_snapshots: int,
    now: datetime,
    imported: bool = False,
    title: str = "",
) -> int | None:
    """Update the established leader with a just-stored snapshot; enqueue an announcement
    if it reveals a real change. Return the outbox event id, or None.

    Only the newest snapshot of its category can announce: one stored out of date order (a
    backfill) is history, and so is an imported one.
    """
    lb, cat = snapshot.leaderboard, snapshot.category
    refs = snapshot_index(db, lb, cat)
    position = next(i for i, ref in enumerate(refs) if ref.id == snapshot_id)
    if position != len(refs) - 1:
        state = replay(_load(db, [r.id for r in refs]), catalog, confirm_snapshots)
        if state is not None:
            save_leader_state(db, lb, cat, refs[-1].id, _encode(state))
        return None
    previous = [r.id for r in refs[:position]]
    cached = leader_state(db, lb, cat)
    if not previous:
        state = None
    elif cached is not None and cached[0] == previous[-1]:
        state = _decode(cached[1])
    else:  # imported or backfilled without us, or never computed: rebuild from history
        state = replay(_load(db, previous), catalog, confirm_snapshots)
    state, change = step(state, snapshot, catalog, confirm_snapshots)
    if state is not None:
        save_leader_state(db, lb, cat, snapshot_id, _encode(state))
    if change is None or imported:
        return None
    payload = to_payload(announcement_of(change, catalog, title))
    return enqueue(db, LEADER_CHANGE, payload, now=now, snapshot_id=snapshot_id)


def ledger_to_outbox(
    db: sqlite_utils.Database, catalog: Catalog, settings: LawsConfig, now: datetime, reason: str
) -> int:
    """Recompute the ledger; enqueue the status changes that say where a law stands now:
    those of each scope's latest month. A month's first verdict, and re-evaluations of
    earlier months (the latest snapshot decides every month), are recorded in the ledger
    but not announced: they would bury the news. Return how many were enqueued."""
    with transaction(db):
        latest = latest_periods(db)
        changes = [
            c
            for c in update_ledger(db, catalog, settings, now, reason)
            if c.old is not None
            and c.status_changed
            and latest.get((c.new.law, c.new.leaderboard, c.new.category)) == c.new.period
        ]
        for change in changes:
            enqueue(db, VERDICT_CHANGE, verdict_payload(change), now=now)
    return len(changes)


def verdict_payload(change: VerdictChange) -> dict[str, Any]:
    """A ledger change as the outbox stores it for `verdict_change_reply`: the scope and month,
    the old status and the new label ('HOLDS (estimated)'), the reason, and how far the data
    reaches."""
    v = change.new
    return {
        "law": v.law,
        "leaderboard": v.leaderboard,
        "category": v.category,
        "period": v.period,
        "old_status": str(change.old.status) if change.old else None,
        "new_status": v.label,
        "reason": change.reason,
        "data_as_of": v.evidence.get("data_as_of"),
    }


def _load(db: sqlite_utils.Database, ids: list[int]) -> list[Snapshot]:
    return [s for s in (load_snapshot(db, i) for i in ids) if s is not None]


def _encode(state: LeaderState) -> dict[str, Any]:
    return asdict(state)


def _decode(raw: dict[str, Any]) -> LeaderState:
    return LeaderState(
        identity=raw["identity"],
        entry=Entry(**raw["entry"]),
        challenger=raw["challenger"],
        streak=raw["streak"],
    )
