"""Community prediction queries: claims stored as stated, their resolution and its
evidence, withdrawal by the author and voiding by a moderator.

A prediction's status leaves 'open' at most once (to 'yes', 'no' or 'withdrawn'), and a
moderator's void is the only change after that. Every writer guards on the status it
expects in its UPDATE, so running it again (a restart that redoes a resolution) changes
nothing and reports so. The rules (what resolves a claim, who may withdraw or void) live
in handlers/predictions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import sqlite_utils

from storage.counterexamples import Person
from storage.transaction import transaction


class Status(StrEnum):
    OPEN = "open"
    YES = "yes"
    NO = "no"
    WITHDRAWN = "withdrawn"
    VOIDED = "voided"


RESOLVED = frozenset({Status.YES, Status.NO})


@dataclass(frozen=True)
class Stated:
    """A claim as the author stated it and as the parser read it."""

    claim: str  # the text form as typed (or as the form's fields gave it), unchanged
    canonical: str  # predictions.claims.Claim.text()
    sentence: str  # predictions.claims.Claim.sentence()
    template: str
    leaderboard: str
    category: str
    deadline: date
    fields: dict[str, Any]  # the Claim's fields, as JSON values
    confidence: int | None


@dataclass(frozen=True)
class Void:
    reason: str
    by: Person
    at: datetime


@dataclass(frozen=True)
class Prediction:
    id: int
    by: Person
    channel_id: str
    stated_at: datetime
    stated: Stated
    status: Status
    outcome: str | None  # "YES" or "NO" once resolved; kept when voided
    resolved_on: date | None  # the deciding snapshot's content date
    resolved_at: datetime | None  # when the bot recorded it
    evidence: dict[str, Any]
    withdrawn_at: datetime | None = None
    void: Void | None = None

    @property
    def came_true(self) -> bool | None:
        """True or False for a resolution that stands (not voided), else None."""
        if self.status not in RESOLVED:
            return None
        return self.status is Status.YES


def insert_prediction(
    db: sqlite_utils.Database, stated: Stated, by: Person, channel_id: str, at: datetime
) -> int:
    """Store a stated prediction, open, as the author worded it and as parsed (template, scope,
    deadline, fields as JSON), with who stated it from which channel; its id."""
    cursor = db.execute(
        "INSERT INTO predictions (platform, user_id, user_name, channel_id, stated_at, claim, "
        "canonical, sentence, template, leaderboard, category, deadline, fields, confidence, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            by.platform,
            by.user_id,
            by.user_name,
            channel_id,
            _stamp(at),
            stated.claim,
            stated.canonical,
            stated.sentence,
            stated.template,
            stated.leaderboard,
            stated.category,
            stated.deadline.isoformat(),
            json.dumps(stated.fields, sort_keys=True),
            stated.confidence,
            _stamp(at),
        ],
    )
    return int(cursor.lastrowid)


def get_prediction(db: sqlite_utils.Database, prediction_id: int) -> Prediction | None:
    """One prediction with its resolution, withdrawal and void, whatever its status; None for an
    unknown id."""
    row = db.execute(f"{_SELECT} WHERE id = ?", [prediction_id]).fetchone()
    return _prediction(row) if row else None


def list_predictions(
    db: sqlite_utils.Database,
    statuses: Collection[Status] | None = None,
    by: Person | None = None,
    limit: int = 20,
    leaderboard: str | None = None,
) -> list[Prediction]:
    """Newest first; of these statuses, this author and this leaderboard if given."""
    where, params = [], []
    if statuses is not None:
        where.append("status IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(s.value for s in statuses)))
    if by is not None:
        where.append("platform = ? AND user_id = ?")
        params.extend([by.platform, by.user_id])
    if leaderboard is not None:
        where.append("leaderboard = ?")
        params.append(leaderboard)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    return [_prediction(r) for r in db.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])]


def recently_resolved(
    db: sqlite_utils.Database, limit: int, leaderboard: str | None = None
) -> list[Prediction]:
    """The predictions whose resolution stands (YES or NO, not voided), of this leaderboard
    if given, the most recently resolved first: what the web feeds announce."""
    sql, params = f"{_SELECT} WHERE status IN ('yes', 'no')", []
    if leaderboard is not None:
        sql += " AND leaderboard = ?"
        params.append(leaderboard)
    return [
        _prediction(r)
        for r in db.execute(sql + " ORDER BY resolved_at DESC, id DESC LIMIT ?", [*params, limit])
    ]


def open_predictions(
    db: sqlite_utils.Database, leaderboards: Collection[str] | None = None
) -> list[Prediction]:
    """Every open prediction (about these leaderboards, if given), oldest first."""
    sql, params = f"{_SELECT} WHERE status = 'open'", []
    if leaderboards is not None:
        sql += " AND leaderboard IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(leaderboards)))
    return [_prediction(r) for r in db.execute(sql + " ORDER BY id", params)]


def by_user_since(db: sqlite_utils.Database, who: Person, since: datetime) -> list[Prediction]:
    """A person's predictions stated at or after `since`, oldest first."""
    return [
        _prediction(r)
        for r in db.execute(
            f"{_SELECT} WHERE platform = ? AND user_id = ? AND stated_at >= ? "
            "ORDER BY stated_at, id",
            [who.platform, who.user_id, _stamp(since)],
        )
    ]


def open_by_user(db: sqlite_utils.Database, who: Person) -> list[Prediction]:
    """A person's open predictions, oldest first."""
    return [
        _prediction(r)
        for r in db.execute(
            f"{_SELECT} WHERE platform = ? AND user_id = ? AND status = 'open' ORDER BY id",
            [who.platform, who.user_id],
        )
    ]


def same_claim_by_user(db: sqlite_utils.Database, who: Person, canonical: str) -> Prediction | None:
    """The person's newest prediction of this canonical claim that is not withdrawn or
    voided, if any."""
    row = db.execute(
        f"{_SELECT} WHERE platform = ? AND user_id = ? AND canonical = ? "
        "AND status NOT IN ('withdrawn', 'voided') ORDER BY id DESC LIMIT 1",
        [who.platform, who.user_id, canonical],
    ).fetchone()
    return _prediction(row) if row else None


def record_resolution(
    db: sqlite_utils.Database,
    prediction_id: int,
    outcome: str,
    resolved_on: date,
    evidence: dict[str, Any],
    at: datetime,
    then: Callable[[sqlite_utils.Database], object] | None = None,
) -> bool:
    """Resolve an open prediction YES or NO with its evidence, in one transaction with
    `then(db)` (its announcement written to the outbox). False, and nothing written, when it
    is not open any more (resolved already, withdrawn, voided): a resolution is final.
    Inside the caller's transaction it joins it."""
    if outcome not in ("YES", "NO"):
        raise ValueError(f"a resolution is YES or NO, not {outcome!r}")
    if db.conn.in_transaction:
        return _resolve(db, prediction_id, outcome, resolved_on, evidence, at, then)
    with transaction(db):
        return _resolve(db, prediction_id, outcome, resolved_on, evidence, at, then)


def _resolve(
    db: sqlite_utils.Database,
    prediction_id: int,
    outcome: str,
    resolved_on: date,
    evidence: dict[str, Any],
    at: datetime,
    then: Callable[[sqlite_utils.Database], object] | None,
) -> bool:
    cursor = db.execute(
        "UPDATE predictions SET status = ?, outcome = ?, resolved_on = ?, resolved_at = ?, "
        "evidence = ?, updated_at = ? WHERE id = ? AND status = 'open'",
        [
            outcome.lower(),
            outcome,
            resolved_on.isoformat(),
            _stamp(at),
            json.dumps(evidence, sort_keys=True),
            _stamp(at),
            prediction_id,
        ],
    )
    if cursor.rowcount == 0:
        return False
    if then is not None:
        then(db)
    return True


def withdraw(db: sqlite_utils.Database, prediction_id: int, who: Person, at: datetime) -> bool:
    """The author takes back an open prediction; False (nothing written) if it is not
    theirs or not open."""
    return (
        db.execute(
            "UPDATE predictions SET status = 'withdrawn', withdrawn_at = ?, updated_at = ? "
            "WHERE id = ? AND status = 'open' AND platform = ? AND user_id = ? AND user_id != ''",
            [_stamp(at), _stamp(at), prediction_id, who.platform, who.user_id],
        ).rowcount
        == 1
    )


def void(
    db: sqlite_utils.Database, prediction_id: int, reason: str, by: Person, at: datetime
) -> bool:
    """A moderator voids a prediction, open or resolved (the resolution's columns are kept
    for the record); False (nothing written) if it is withdrawn or voided already."""
    return (
        db.execute(
            "UPDATE predictions SET status = 'voided', void_reason = ?, void_platform = ?, "
            "void_user_id = ?, void_user_name = ?, voided_at = ?, updated_at = ? "
            "WHERE id = ? AND status IN ('open', 'yes', 'no')",
            [reason, by.platform, by.user_id, by.user_name, _stamp(at), _stamp(at), prediction_id],
        ).rowcount
        == 1
    )


def scored(db: sqlite_utils.Database) -> list[Prediction]:
    """Every prediction whose resolution stands (YES or NO, not voided), of people not
    forgotten, oldest first: what /forecasters counts."""
    return [
        _prediction(r)
        for r in db.execute(
            f"{_SELECT} WHERE status IN ('yes', 'no') AND user_id != '' ORDER BY id"
        )
    ]


_SELECT = (
    "SELECT id, platform, user_id, user_name, channel_id, stated_at, claim, canonical, "
    "sentence, template, leaderboard, category, deadline, fields, confidence, status, "
    "outcome, resolved_on, resolved_at, evidence, withdrawn_at, void_reason, "
    "void_platform, void_user_id, void_user_name, voided_at FROM predictions"
)


def _stamp(at: datetime) -> str:
    """UTC to the second, so stored times compare correctly as text."""
    return at.astimezone(UTC).isoformat(timespec="seconds")


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _prediction(r: tuple) -> Prediction:
    return Prediction(
        id=r[0],
        by=Person(r[1], r[2], r[3]),
        channel_id=r[4],
        stated_at=datetime.fromisoformat(r[5]),
        stated=Stated(
            claim=r[6],
            canonical=r[7],
            sentence=r[8],
            template=r[9],
            leaderboard=r[10],
            category=r[11],
            deadline=date.fromisoformat(r[12]),
            fields=json.loads(r[13]),
            confidence=r[14],
        ),
        status=Status(r[15]),
        outcome=r[16],
        resolved_on=date.fromisoformat(r[17]) if r[17] else None,
        resolved_at=_when(r[18]),
        evidence=json.loads(r[19]),
        withdrawn_at=_when(r[20]),
        void=Void(r[21], Person(r[22], r[23], r[24]), datetime.fromisoformat(r[25]))
        if r[25]
        else None,
    )
