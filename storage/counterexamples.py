"""Counterexample queries: submissions stored as typed, their check, and their reviews.

Writers that change a status take a `transaction` themselves (a review is one status change
plus one history row, and nothing else). The rules (limits, who may review) live in
handlers/counterexamples.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

import sqlite_utils

from storage.transaction import transaction


class Status(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class CheckOutcome(StrEnum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNCHECKABLE = "uncheckable"


@dataclass(frozen=True)
class Person:
    """Who submitted or reviewed, as their platform named them at the time."""

    platform: str
    user_id: str
    user_name: str


@dataclass(frozen=True)
class Check:
    outcome: CheckOutcome
    summary: str  # one sentence in words
    figures: tuple[str, ...] = ()  # the numbers it rests on, one line each


@dataclass(frozen=True)
class Submission:
    """What the form gave, exactly as typed."""

    law: str
    claim: str
    models: str
    evidence: str
    snapshot: str = ""  # leaderboard and/or date, optional


@dataclass(frozen=True)
class Review:
    action: Status  # ACCEPTED or REJECTED
    by: Person
    reason: str
    at: datetime


@dataclass(frozen=True)
class Counterexample:
    id: int
    submission: Submission
    by: Person
    channel_id: str
    submitted_at: datetime
    status: Status
    check: Check
    reviews: tuple[Review, ...] = ()

    @property
    def decided(self) -> Review | None:
        """The review that set the current status, if any."""
        return next((r for r in reversed(self.reviews) if r.action == self.status), None)


def insert_counterexample(
    db: sqlite_utils.Database,
    submission: Submission,
    by: Person,
    channel_id: str,
    at: datetime,
    check: Check,
) -> int:
    """Store a submission exactly as typed, pending, with the check made of it and who sent it
    from which channel; its id. The caller (handlers/counterexamples/workflow.py) checks the
    bounds first, on the same thread."""
    cursor = db.execute(
        "INSERT INTO counterexamples (law, claim, models, evidence, snapshot, platform, "
        "user_id, user_name, channel_id, submitted_at, check_outcome, check_summary, "
        "check_figures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            submission.law,
            submission.claim,
            submission.models,
            submission.evidence,
            submission.snapshot,
            by.platform,
            by.user_id,
            by.user_name,
            channel_id,
            _stamp(at),
            check.outcome.value,
            check.summary,
            json.dumps(list(check.figures)),
        ],
    )
    return int(cursor.lastrowid)


def get_counterexample(db: sqlite_utils.Database, counterexample_id: int) -> Counterexample | None:
    """One counterexample with its whole review history, oldest review first; None for an
    unknown id."""
    row = db.execute(f"{_SELECT} WHERE id = ?", [counterexample_id]).fetchone()
    if row is None:
        return None
    reviews = tuple(
        Review(
            action=Status(r[0]),
            by=Person(r[1], r[2], r[3]),
            reason=r[4],
            at=datetime.fromisoformat(r[5]),
        )
        for r in db.execute(
            "SELECT action, platform, user_id, user_name, reason, at FROM counterexample_reviews "
            "WHERE counterexample_id = ? ORDER BY id",
            [counterexample_id],
        )
    )
    return _counterexample(row, reviews)


def list_counterexamples(
    db: sqlite_utils.Database, law: str | None = None, status: Status | None = None, limit: int = 20
) -> list[Counterexample]:
    """Newest first, without their review history."""
    where, params = [], []
    if law is not None:
        where.append("law = ?")
        params.append(law)
    if status is not None:
        where.append("status = ?")
        params.append(status.value)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    rows = db.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall()
    return [_counterexample(r, ()) for r in rows]


def by_user_since(db: sqlite_utils.Database, who: Person, since: datetime) -> list[Counterexample]:
    """A user's submissions at or after `since`, oldest first."""
    rows = db.execute(
        f"{_SELECT} WHERE platform = ? AND user_id = ? AND submitted_at >= ? "
        "ORDER BY submitted_at, id",
        [who.platform, who.user_id, _stamp(since)],
    ).fetchall()
    return [_counterexample(r, ()) for r in rows]


def pending_by_user(db: sqlite_utils.Database, who: Person) -> list[Counterexample]:
    """A user's submissions still waiting for review, oldest first, without their reviews: the
    workflow refuses a new one beyond `max_pending`."""
    rows = db.execute(
        f"{_SELECT} WHERE platform = ? AND user_id = ? AND status = 'pending' ORDER BY id",
        [who.platform, who.user_id],
    ).fetchall()
    return [_counterexample(r, ()) for r in rows]


def claims_by_user(db: sqlite_utils.Database, who: Person, law: str) -> list[Counterexample]:
    """Every submission a user made for a law, newest first."""
    rows = db.execute(
        f"{_SELECT} WHERE platform = ? AND user_id = ? AND law = ? ORDER BY id DESC",
        [who.platform, who.user_id, law],
    ).fetchall()
    return [_counterexample(r, ()) for r in rows]


def record_review(
    db: sqlite_utils.Database,
    counterexample_id: int,
    action: Status,
    by: Person,
    reason: str,
    at: datetime,
    then: Callable[[sqlite_utils.Database], object] | None = None,
) -> bool:
    """Set a pending submission's status and add the history row, in one transaction with
    `then(db)` (the announcement written to the outbox). False (and nothing written) when it
    is not pending any more."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE counterexamples SET status = ? WHERE id = ? AND status = 'pending'",
            [action.value, counterexample_id],
        )
        if cursor.rowcount == 0:
            return False
        db.execute(
            "INSERT INTO counterexample_reviews (counterexample_id, action, platform, user_id, "
            "user_name, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                counterexample_id,
                action.value,
                by.platform,
                by.user_id,
                by.user_name,
                reason,
                _stamp(at),
            ],
        )
        if then is not None:
            then(db)
    return True


def accepted_for_law(db: sqlite_utils.Database, law: str) -> list[Counterexample]:
    """A law's accepted counterexamples with their review history, oldest first: the ledger
    shows them beside the data verdicts."""
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM counterexamples WHERE law = ? AND status = 'accepted' ORDER BY id",
            [law],
        )
    ]
    return [c for c in (get_counterexample(db, i) for i in ids) if c is not None]


def accepted(
    db: sqlite_utils.Database, law: str | None = None, limit: int = 100
) -> list[Counterexample]:
    """The accepted counterexamples (of one law, if given) with their review history,
    newest first: what anyone may see of them."""
    where, params = ("AND law = ? ", [law]) if law else ("", [])
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM counterexamples WHERE status = "
            f"'accepted' {where}ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
    ]
    return [c for c in (get_counterexample(db, i) for i in ids) if c is not None]


def first_listings(
    db: sqlite_utils.Database, leaderboard: str, category: str, model_keys: list[str]
) -> dict[str, date]:
    """Model key → the date of the first snapshot of this leaderboard category listing it:
    where a model has no release date, the ledger places it there."""
    rows = db.execute(
        "SELECT e.model_key, MIN(s.snapshot_date) FROM entries e JOIN snapshots s "
        "ON s.id = e.snapshot_id WHERE s.leaderboard = ? AND s.category = ? AND e.model_key "
        "IN (SELECT value FROM json_each(?)) GROUP BY e.model_key",
        [leaderboard, category, json.dumps(model_keys)],
    ).fetchall()
    return {key: date.fromisoformat(day) for key, day in rows}


_SELECT = (
    "SELECT id, law, claim, models, evidence, snapshot, platform, user_id, user_name, "
    "channel_id, submitted_at, status, check_outcome, check_summary, check_figures "
    "FROM counterexamples"
)


def _stamp(at: datetime) -> str:
    """UTC to the second, so stored times compare correctly as text."""
    return at.astimezone(UTC).isoformat(timespec="seconds")


def _counterexample(r: tuple, reviews: tuple[Review, ...]) -> Counterexample:
    return Counterexample(
        id=r[0],
        submission=Submission(law=r[1], claim=r[2], models=r[3], evidence=r[4], snapshot=r[5]),
        by=Person(r[6], r[7], r[8]),
        channel_id=r[9],
        submitted_at=datetime.fromisoformat(r[10]),
        status=Status(r[11]),
        check=Check(CheckOutcome(r[12]), r[13], tuple(json.loads(r[14]))),
        reviews=reviews,
    )
