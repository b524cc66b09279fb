"""One prediction stored as the bot stores it, resolved or not, for the adapters' tests
that need one without the bundled history (links, rendering)."""

from __future__ import annotations

from datetime import date, datetime

import sqlite_utils

from handlers.predictions.display import announcement_payload
from storage.counterexamples import Person
from storage.predictions import Stated, get_prediction, insert_prediction, record_resolution

TYPED = "leader leaderboard=arena openness=open by=2027-06-30"
STATED = Stated(
    claim=TYPED,
    canonical="leader leaderboard=arena category=overall openness=open by=2027-06-30",
    sentence="An open model will be #1 on LMArena text by 2027-06-30.",
    template="leader",
    leaderboard="arena",
    category="overall",
    deadline=date(2027, 6, 30),
    fields={
        "template": "leader",
        "leaderboard": "arena",
        "category": "overall",
        "deadline": "2027-06-30",
        "openness": "open",
    },
    confidence=None,
)


def state_and_resolve(
    db: sqlite_utils.Database, by: Person, channel_id: str, at: datetime
) -> tuple[int, dict]:
    """Store the prediction and resolve it YES on 2027-01-10; its id and the payload of
    its announcement (as `handlers.predictions.resolution` enqueues it)."""
    number = insert_prediction(db, STATED, by, channel_id, at)
    evidence = {
        "reason": "the #1, glm-4.6, is open",
        "snapshot_date": "2027-01-10",
        "snapshot_source": "leaderboard-text_2027-01-10.json",
    }
    assert record_resolution(db, number, "YES", date(2027, 1, 10), evidence, at)
    resolved = get_prediction(db, number)
    assert resolved is not None
    return number, announcement_payload(resolved)
