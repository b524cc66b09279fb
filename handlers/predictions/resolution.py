"""After snapshots are stored: every open prediction about them is checked against its
scope's whole stored history (`predictions.resolve.resolve`); each YES or NO is recorded
with its evidence and its announcement enqueued in the outbox, in one transaction. OPEN
stays open.

Runs on the storage thread: after a poll stored something (with the ledger), and at start
(so snapshots stored just before a crash, or imported while the bot was off, resolve
then). A prediction leaves 'open' at most once (the UPDATE guards on it), so running this
again resolves and announces nothing twice."""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Collection
from datetime import datetime

import sqlite_utils

from catalog import Catalog
from handlers.events import PREDICTION_RESOLVED
from handlers.ledger import load_histories
from handlers.predictions.display import announcement_payload
from handlers.predictions.record import claim_of
from laws.settings import LawsConfig
from predictions.resolve import Resolution, resolve
from storage.outbox import enqueue
from storage.predictions import Prediction, get_prediction, open_predictions, record_resolution
from storage.transaction import transaction

log = logging.getLogger(__name__)


def resolve_open(
    db: sqlite_utils.Database,
    catalog: Catalog,
    settings: LawsConfig,
    now: datetime,
    leaderboards: Collection[str] | None = None,
) -> int:
    """Resolve what the stored data decides of the open predictions (about these
    leaderboards, if given); return how many resolved."""
    pending = open_predictions(db, leaderboards)
    if not pending:
        return 0
    scopes = {(p.stated.leaderboard, p.stated.category) for p in pending}
    # Every snapshot, each judged on its own content: a claim is decided by the first
    # snapshot that shows it, not by whatever the latest one says of earlier months.
    histories = {
        (h.leaderboard, h.category): h
        for h in load_histories(
            db, catalog, dataclasses.replace(settings, snapshot_mode="as_known_then"), scopes
        )
    }
    decided: list[tuple[Prediction, Resolution]] = []
    for p in pending:
        history = histories.get((p.stated.leaderboard, p.stated.category))
        if history is None:
            continue  # no snapshot of its scope yet
        try:
            resolution = resolve(claim_of(p), history, stated=p.stated_at.date(), settings=settings)
        except Exception:  # one unreadable claim must not hold back the others
            log.exception("prediction #%d could not be resolved", p.id)
            continue
        if resolution.outcome != "OPEN" and resolution.resolved_on is not None:
            decided.append((p, resolution))
    resolved = 0
    with transaction(db):
        for p, r in decided:
            resolved += record_resolution(
                db,
                p.id,
                r.outcome,
                r.resolved_on,
                r.evidence,
                now,
                functools.partial(_announce, p.id, now),
            )
    return resolved


def _announce(prediction_id: int, now: datetime, db: sqlite_utils.Database) -> None:
    """The one place a resolution is announced: an outbox event written in the
    resolution's own transaction, to the channels subscribed with predictions."""
    resolved = get_prediction(db, prediction_id)
    assert resolved is not None  # just updated in this transaction
    enqueue(db, PREDICTION_RESOLVED, announcement_payload(resolved), now=now)
