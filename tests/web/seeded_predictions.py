"""Community predictions for the web tests, added to a copy of the seeded database
(tests/web/seeded.py): stated on past days, resolved against the bundled real history,
withdrawn and voided through the storage layer the bot uses; with a hostile author name,
a hostile claim as typed and a hostile reason for a void."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from catalog import Catalog
from handlers.predictions.record import names_for, stated_of
from handlers.predictions.resolution import resolve_open
from laws.settings import LawsConfig
from predictions.claims import parse
from storage import connect
from storage.counterexamples import Person
from storage.predictions import insert_prediction, void, withdraw
from tests.web.seeded import CHANNEL, EVERYONE, LEDGER_AT, SCRIPT

# Shown (inert) wherever chat shows a name: a script, a mass ping and Markdown.
HOSTILE_AUTHOR = Person("discord", "1500000000000000042", f"{SCRIPT} {EVERYONE} **bold**")
ANN = Person("slack", "U-private-author", "ann")
MODERATOR = Person("discord", "555-private-moderator", f"{CHANNEL} mod")
VOID_REASON = f"a duplicate of #1 {EVERYONE} {SCRIPT}"
CHANNEL_ID = "C-private-prediction-channel"
HOSTILE_TYPING = f" {SCRIPT} {CHANNEL} **x**"
# Ids and channels: chat never shows them, nor do the pages.
PRIVATE = ("1500000000000000042", "U-private-author", "555-private-moderator", CHANNEL_ID)
# (stated on, the claim as typed, who): what each becomes against the bundled history at
# LEDGER_AT is in the comment.
CLAIMS = (
    # 1: YES on 2024-04-09 (Command R+ matches GPT-4-0314 six months on; README's line 1)
    (date(2023, 12, 19), "lag leaderboard=arena months=21 by=2024-12-31 confidence=70", ANN),
    # 2: NO on 2025-01-05 (Gemini-Exp-1206, proprietary, leads through 2024; line 5)
    (
        date(2024, 1, 1),
        "leader leaderboard=arena openness=open by=2024-12-31 confidence=30",
        HOSTILE_AUTHOR,
    ),
    # 3: YES on 2024-04-18 (Llama-3-70B-Instruct above GPT-4-0314), then voided
    (
        date(2024, 1, 1),
        "smaller-beats leaderboard=arena params=70B model=GPT-4-0314 by=2024-12-31",
        ANN,
    ),
    # 4: open (no snapshot after it was stated); stored as typed with HOSTILE_TYPING after
    # it, which the parser refuses but the pages must not trust the database to have
    (
        date(2026, 1, 1),
        "reaches leaderboard=arena model=any-open score=1600 by=2026-12-31",
        HOSTILE_AUTHOR,
    ),
    # 5: open, then withdrawn by its author
    (date(2026, 1, 2), "leader leaderboard=livebench openness=open by=2027-01-01", ANN),
)
YES, NO, VOIDED, OPEN, WITHDRAWN = 1, 2, 3, 4, 5
# After the seeded ledger was computed, as after a poll; then the withdrawal and the void.
RESOLVED_AT = LEDGER_AT + timedelta(hours=2)
WITHDRAWN_AT, VOIDED_AT = RESOLVED_AT + timedelta(hours=1), RESOLVED_AT + timedelta(hours=2)


def stated_at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), UTC)


def seed_predictions(path: Path, catalog: Catalog) -> None:
    """State CLAIMS, resolve them as the bot does after a poll (outbox events included),
    withdraw #5 and void #3."""
    db = connect(path)
    names = names_for(db, catalog)
    for day, typed, who in CLAIMS:
        stated = stated_of(parse(typed, names=names, today=day), typed)
        if who is HOSTILE_AUTHOR and stated.template == "reaches":
            stated = dataclasses.replace(stated, claim=typed + HOSTILE_TYPING)
        insert_prediction(db, stated, who, CHANNEL_ID, stated_at(day))
    assert resolve_open(db, catalog, LawsConfig(), RESOLVED_AT) == 3
    assert withdraw(db, WITHDRAWN, ANN, WITHDRAWN_AT)
    assert void(db, VOIDED, VOID_REASON, MODERATOR, VOIDED_AT)
    db.conn.close()
