"""What the database holds about one person, and forgetting it (/my-data, /forget-me).

A person is (platform, user id) as their platform gives it. Their ids and names are kept in:
counterexamples (submitter, and the channel they submitted from), counterexample_reviews
(moderator), subscriptions.created_by ("name (id)"), slack_installations (the installing
user, with that user's token if any), predictions (the author, and the channel they
stated it in; the moderator who voided one) and the outbox payloads of accepted
counterexamples ("credited to …", "accepted by …") and of resolved predictions (their
author). Forgetting anonymises all but the installations in place, so a counterexample
keeps its content, check and verdict and a prediction its claim and resolution, and
deletes the installation rows (the workspace's bot token is in slack_bots, which names no
one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from storage.kv import get_value, set_value
from storage.transaction import transaction

FORMER_MEMBER = "a former member"  # the name a forgotten person's rows are credited to
# The kv key counting the people forgotten: names change in place when one is, and the web
# pages' content version (storage.versions) reads this one row to know.
FORGOTTEN_COUNT = "people_forgotten"
# handlers.events.COUNTEREXAMPLE_ACCEPTED: the only outbox events that quote a name.
CREDIT_KIND = "counterexample_accepted"
# handlers.events.PREDICTION_RESOLVED: quotes the prediction's author.
PREDICTION_KIND = "prediction_resolved"


@dataclass(frozen=True)
class Submitted:
    id: int
    law: str
    status: str
    name: str
    channel_id: str
    at: str


@dataclass(frozen=True)
class Reviewed:
    counterexample_id: int
    action: str
    name: str
    at: str


@dataclass(frozen=True)
class Predicted:
    id: int
    status: str
    name: str
    channel_id: str
    at: str


@dataclass(frozen=True)
class Voided:
    prediction_id: int
    name: str
    at: str


@dataclass(frozen=True)
class Held:
    submitted: tuple[Submitted, ...] = ()
    reviewed: tuple[Reviewed, ...] = ()
    subscriptions: tuple[tuple[str, str], ...] = ()  # (channel id, leaderboard) they set up
    installations: tuple[str, ...] = ()  # the Slack workspaces (or orgs) they installed in
    announcements: int = 0  # outbox events quoting their name (accepted counterexamples)
    predicted: tuple[Predicted, ...] = ()
    voided: tuple[Voided, ...] = ()
    prediction_announcements: int = 0  # outbox events naming them (resolved predictions)

    @property
    def empty(self) -> bool:
        """Whether nothing at all is held about the person: /my-data and /forget-me then say so,
        and `forget` writes nothing."""
        return not (
            self.submitted
            or self.reviewed
            or self.subscriptions
            or self.installations
            or self.announcements
            or self.predicted
            or self.voided
            or self.prediction_announcements
        )


def held_about(db: sqlite_utils.Database, platform: str, user_id: str) -> Held:
    """Everything stored under this (platform, user id)."""
    if not user_id:  # '' is what forgotten rows hold: it is nobody
        return Held()
    who = [platform, user_id]
    submitted = tuple(
        Submitted(*r)
        for r in db.execute(
            "SELECT id, law, status, user_name, channel_id, submitted_at FROM counterexamples "
            "WHERE platform = ? AND user_id = ? ORDER BY id",
            who,
        )
    )
    reviewed = tuple(
        Reviewed(*r)
        for r in db.execute(
            "SELECT counterexample_id, action, user_name, at FROM counterexample_reviews "
            "WHERE platform = ? AND user_id = ? ORDER BY id",
            who,
        )
    )
    subscriptions = tuple(
        tuple(r)
        for r in db.execute(
            f"SELECT channel_id, leaderboard FROM subscriptions WHERE {_CREATED_BY} "
            "ORDER BY channel_id, leaderboard",
            _created_by(platform, user_id),
        )
    )
    installations = (
        tuple(
            r[0] or r[1]
            for r in db.execute(
                "SELECT team_id, enterprise_id FROM slack_installations WHERE user_id = ? "
                "ORDER BY installed_at",
                [user_id],
            )
        )
        if platform == "slack"
        else ()
    )
    predicted = tuple(
        Predicted(*r)
        for r in db.execute(
            "SELECT id, status, user_name, channel_id, stated_at FROM predictions "
            "WHERE platform = ? AND user_id = ? ORDER BY id",
            who,
        )
    )
    voided = tuple(
        Voided(*r)
        for r in db.execute(
            "SELECT id, void_user_name, voided_at FROM predictions "
            "WHERE void_platform = ? AND void_user_id = ? ORDER BY id",
            who,
        )
    )
    announcements = db.execute(
        f"SELECT COUNT(*) FROM outbox_events WHERE {_QUOTING}",
        [CREDIT_KIND, *_quoting(submitted, reviewed)],
    ).fetchone()[0]
    prediction_announcements = db.execute(
        f"SELECT COUNT(*) FROM outbox_events WHERE {_ANNOUNCING}",
        [PREDICTION_KIND, _ids(predicted)],
    ).fetchone()[0]
    return Held(
        submitted,
        reviewed,
        subscriptions,
        installations,
        announcements,
        predicted,
        voided,
        prediction_announcements,
    )


def forget(db: sqlite_utils.Database, platform: str, user_id: str) -> Held:
    """Anonymise or delete everything `held_about` finds, in one transaction; return what
    it found. Other people's rows are untouched."""
    with transaction(db):
        held = held_about(db, platform, user_id)
        if held.empty:
            return held
        who = [platform, user_id]
        db.execute(
            "UPDATE counterexamples SET user_id = '', user_name = ?, channel_id = '' "
            "WHERE platform = ? AND user_id = ?",
            [FORMER_MEMBER, *who],
        )
        db.execute(
            "UPDATE counterexample_reviews SET user_id = '', user_name = ? "
            "WHERE platform = ? AND user_id = ?",
            [FORMER_MEMBER, *who],
        )
        db.execute(
            f"UPDATE subscriptions SET created_by = '' WHERE {_CREATED_BY}",
            _created_by(platform, user_id),
        )
        if platform == "slack":
            db.execute("DELETE FROM slack_installations WHERE user_id = ?", [user_id])
        db.execute(
            "UPDATE predictions SET user_id = '', user_name = ?, channel_id = '' "
            "WHERE platform = ? AND user_id = ?",
            [FORMER_MEMBER, *who],
        )
        db.execute(
            "UPDATE predictions SET void_user_id = '', void_user_name = ? "
            "WHERE void_platform = ? AND void_user_id = ?",
            [FORMER_MEMBER, *who],
        )
        db.execute(
            "UPDATE outbox_events SET payload = json_set(payload, '$.author', ?) "
            f"WHERE {_ANNOUNCING}",
            [FORMER_MEMBER, PREDICTION_KIND, _ids(held.predicted)],
        )
        submitted_ids, accepted_ids = _quoting(held.submitted, held.reviewed)
        for key, ids in (("$.user_name", submitted_ids), ("$.accepted_by", accepted_ids)):
            db.execute(
                "UPDATE outbox_events SET payload = json_set(payload, ?, ?) "
                "WHERE kind = ? AND json_extract(payload, '$.id') "
                "IN (SELECT value FROM json_each(?))",
                [key, FORMER_MEMBER, CREDIT_KIND, ids],
            )
        set_value(db, FORGOTTEN_COUNT, str(int(get_value(db, FORGOTTEN_COUNT) or 0) + 1))
    return held


# storage.subscriptions stores created_by as "name (id)": the id is the suffix.
_CREATED_BY = "platform = ? AND substr(created_by, -length(?)) = ?"


def _created_by(platform: str, user_id: str) -> list[str]:
    suffix = f" ({user_id})"
    return [platform, suffix, suffix]


_ANNOUNCING = "kind = ? AND json_extract(payload, '$.id') IN (SELECT value FROM json_each(?))"


def _ids(predicted: tuple[Predicted, ...]) -> str:
    """A JSON list of the prediction ids whose resolution announcement names the author."""
    return json.dumps([p.id for p in predicted])


_QUOTING = (
    "kind = ? AND (json_extract(payload, '$.id') IN (SELECT value FROM json_each(?)) "
    "OR json_extract(payload, '$.id') IN (SELECT value FROM json_each(?)))"
)


def _quoting(submitted: tuple[Submitted, ...], reviewed: tuple[Reviewed, ...]) -> tuple[str, str]:
    """JSON lists of the counterexample ids whose credit announcement names this person:
    as the submitter, and as the moderator who accepted it."""
    return (
        json.dumps([s.id for s in submitted]),
        json.dumps([r.counterexample_id for r in reviewed if r.action == "accepted"]),
    )
