"""Resolution after stored snapshots: YES and NO recorded with their evidence and announced
once through the outbox (in the same transaction), OPEN left open; running it again (a
restart) or after a failure half-way resolves and announces nothing twice."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date

import pytest

from handlers.announcement import event_reply
from handlers.commands import run_text
from handlers.events import PREDICTION_RESOLVED
from handlers.predictions import resolution
from handlers.predictions.resolution import resolve_open
from handlers.reply import Tone
from laws.settings import LawsConfig
from storage import StorageError
from storage.predictions import Status, get_prediction
from storage.subscriptions import ALL, subscribe
from tests.handlers.predictions.conftest import who
from tests.handlers.predictions.realdata import (
    GEMINI_1550,
    LEADER_OPEN,
    OPEN_1600,
    STATED,
    december,
    january,
    store,
)

RESOLVED_AT = STATED.replace(year=2027, month=1, day=10, hour=7)


async def state_three(make_ctx) -> None:
    ctx = make_ctx(who(name="alice @everyone"))
    for claim in (LEADER_OPEN, GEMINI_1550, OPEN_1600):
        assert (await run_text(ctx, f"/predict {claim}")).title.endswith("recorded")


def events(db) -> list[tuple[str, dict]]:
    return [
        (kind, json.loads(payload))
        for kind, payload in db.execute("SELECT kind, payload FROM outbox_events ORDER BY id")
    ]


def run(db, catalog, leaderboards=None) -> int:
    return resolve_open(db, catalog, LawsConfig(), RESOLVED_AT, leaderboards)


async def test_yes_and_no_are_recorded_with_evidence_and_announced_once(
    make_ctx, storage, catalog
) -> None:
    await state_three(make_ctx)
    await storage.call(subscribe, "discord", "D1", ALL, False, "m", STATED, True)
    await storage.call(subscribe, "slack", "S1", "arena", True, "m", STATED)  # no predictions
    await storage.call(lambda db: store(db, december(db)))
    assert await storage.call(run, catalog) == 0  # December decides nothing
    await storage.call(lambda db: store(db, january(db)))
    assert await storage.call(run, catalog, {"livebench"}) == 0  # not about arena
    assert await storage.call(run, catalog, {"arena"}) == 2

    yes, no, still = [await storage.call(get_prediction, n) for n in (1, 2, 3)]
    assert (yes.status, yes.outcome, yes.resolved_on, yes.resolved_at) == (
        Status.YES,
        "YES",
        date(2027, 1, 10),
        RESOLVED_AT,
    )
    assert yes.evidence["top"]["name"] == "glm-4.6" and yes.evidence["top"]["score"] == 1500
    assert yes.evidence["top"]["openness"]["value"] == "osi"
    assert yes.evidence["snapshot_source"] == "leaderboard-text_2027-01-10.json (test)"
    assert yes.evidence["snapshots_checked"] == 2  # December's, then January's
    assert (no.status, no.resolved_on) == (Status.NO, date(2027, 1, 10))
    assert no.evidence["covered_by"]["snapshot_date"] == "2027-01-10"
    assert no.evidence["model"]["score"] == 1487.0  # December's, the last by the deadline
    assert (still.status, still.evidence) == (Status.OPEN, {})

    announced = await storage.call(events)
    assert [(kind, p["id"], p["outcome"]) for kind, p in announced] == [
        (PREDICTION_RESOLVED, 1, "YES"),
        (PREDICTION_RESOLVED, 2, "NO"),
    ]
    destinations = await storage.call(
        lambda db: db.execute(
            "SELECT DISTINCT platform, channel_id FROM deliveries ORDER BY 1"
        ).fetchall()
    )
    assert destinations == [("console", "console"), ("discord", "D1")]
    # Again, as after a restart: nothing resolves or is announced twice.
    assert await storage.call(run, catalog) == 0
    assert len(await storage.call(events)) == 2


async def test_a_failure_half_way_leaves_everything_open_for_the_next_run(
    make_ctx, storage, catalog, monkeypatch
) -> None:
    await state_three(make_ctx)
    await storage.call(lambda db: store(db, december(db), january(db)))
    real, calls = resolution.enqueue, []

    def dies_on_the_second(db, *args, **kwargs):
        calls.append(args)
        if len(calls) == 2:  # the process dies while the second is announced
            raise sqlite3.OperationalError("disk I/O error")
        return real(db, *args, **kwargs)

    monkeypatch.setattr(resolution, "enqueue", dies_on_the_second)
    with pytest.raises(StorageError, match="disk I/O error"):
        await storage.call(run, catalog)
    assert [(await storage.call(get_prediction, n)).status for n in (1, 2)] == [
        Status.OPEN,
        Status.OPEN,
    ]
    assert await storage.call(events) == []
    monkeypatch.setattr(resolution, "enqueue", real)
    assert await storage.call(run, catalog) == 2
    assert [p["id"] for _, p in await storage.call(events)] == [1, 2]


async def test_only_snapshots_dated_after_the_claim_count(make_ctx, storage, catalog) -> None:
    """January shows an open #1; a claim stated after January waits for a later snapshot."""
    await storage.call(lambda db: store(db, january(db)))
    late = make_ctx(now=STATED.replace(year=2027, month=1, day=20))
    reply = await run_text(
        late, "/predict leader leaderboard=arena openness=proprietary by=2027-06-30"
    )
    assert reply.title == "Prediction #1 recorded", reply.text
    assert await storage.call(run, catalog) == 0


async def test_an_unreadable_stored_claim_is_logged_and_holds_back_no_other(
    make_ctx, storage, catalog, caplog
) -> None:
    await state_three(make_ctx)
    await storage.call(
        lambda db: db.execute(
            'UPDATE predictions SET fields = \'{"template": "leader"}\' WHERE id = 1'
        )
    )
    await storage.call(lambda db: store(db, december(db), january(db)))
    with caplog.at_level(logging.ERROR):
        assert await storage.call(run, catalog) == 1
    assert "prediction #1 could not be resolved" in caplog.text
    assert (await storage.call(get_prediction, 1)).status is Status.OPEN
    assert (await storage.call(get_prediction, 2)).status is Status.NO


async def test_the_announcement_credits_the_author_as_text(make_ctx, storage, catalog) -> None:
    await state_three(make_ctx)
    await storage.call(lambda db: store(db, december(db), january(db)))
    await storage.call(run, catalog)
    (_, yes), (_, no) = await storage.call(events)
    message = event_reply(PREDICTION_RESOLVED, yes)
    assert (message.title, message.tone) == ("Prediction #1 came true", Tone.HOLDS)
    assert message.text == (
        "An open model will be #1 on LMArena text by 2027-06-30 (confidence 30%)."
    )
    assert [(f.name, f.value) for f in message.fields] == [
        ("Outcome", "YES, decided by the data of 2027-01-10"),
        ("Why", yes["reason"]),
        ("Deciding snapshot", "2027-01-10: leaderboard-text_2027-01-10.json (test)"),
        ("Stated by", "alice @\u200beveryone on slack, 2026-11-26, at 30%"),
    ]
    assert message.footer == "/prediction 1 has the evidence; /forecasters keeps score."
    told = event_reply(PREDICTION_RESOLVED, no)
    assert (told.title, told.tone) == ("Prediction #2 did not come true", Tone.BROKEN)
    assert told.fields[2].value.endswith("The data reaches past the deadline: snapshot 2027-01-10")


async def test_prediction_n_shows_the_evidence_with_provenance(make_ctx, storage, catalog) -> None:
    await state_three(make_ctx)
    await storage.call(lambda db: store(db, december(db), january(db)))
    await storage.call(run, catalog)
    detail = await run_text(make_ctx(), "/prediction 1")
    assert (detail.title, detail.tone) == ("Prediction #1 · YES", Tone.HOLDS)
    fields = {f.name: f.value for f in detail.fields}
    assert fields["Status"] == "YES: it came true (decided by the snapshot of 2027-01-10)"
    evidence = fields["Evidence"].splitlines()
    assert evidence[1] == "Snapshot 2027-01-10: leaderboard-text_2027-01-10.json (test)"
    top = next(line for line in evidence if line.startswith("#1: "))
    assert top.startswith("#1: glm-4.6 1500 ± 5 · osi (")
    assert "data as of 2027-01-10 when checked" in detail.footer
    assert detail.actions == ()  # resolved: nothing to withdraw


async def test_forecasters_count_resolved_and_score_those_with_a_confidence(
    make_ctx, storage, catalog
) -> None:
    await state_three(make_ctx)
    bob = make_ctx(who("U2", "bob"))
    await run_text(bob, "/predict reaches leaderboard=arena model=glm-4.6 score=1490 by=2027-06-30")
    await storage.call(lambda db: store(db, december(db), january(db)))
    assert await storage.call(run, catalog) == 3
    board = await run_text(make_ctx(), "/forecasters")
    assert [(f.name, f.value) for f in board.fields] == [
        # alice: 30% on YES, 80% on NO: ((0.3 − 1)² + (0.8 − 0)²) / 2 = 0.565
        (
            "alice @\u200beveryone on slack",
            "2 resolved, 1 came true; Brier score 0.565 over the 2 with a confidence",
        ),
        ("bob on slack", "1 resolved, 1 came true; no confidence given, so no Brier score"),
    ]
    await run_text(make_ctx(who("M", "mo", moderator=True)), "/prediction 2 void gamed")
    board = await run_text(make_ctx(), "/forecasters")
    assert board.fields[0].value == (
        "1 resolved, 1 came true; Brier score 0.490 over the 1 with a confidence"
    )
