"""What the database holds about one person, and forgetting exactly that."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import sqlite_utils

from handlers.counterexamples.display import credit_line, credit_payload
from handlers.events import COUNTEREXAMPLE_ACCEPTED, PREDICTION_RESOLVED
from storage import connect
from storage.counterexamples import (
    Check,
    CheckOutcome,
    Person,
    Status,
    Submission,
    accepted_for_law,
    get_counterexample,
    insert_counterexample,
    record_review,
)
from storage.outbox import enqueue
from storage.personal_data import (
    CREDIT_KIND,
    FORMER_MEMBER,
    PREDICTION_KIND,
    Held,
    forget,
    held_about,
)
from storage.predictions import (
    Stated,
    get_prediction,
    insert_prediction,
    record_resolution,
    scored,
    void,
    withdraw,
)
from storage.predictions import Status as PredictionStatus
from storage.slack_installations import find_bot, save_installation
from storage.subscriptions import subscribe

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ALICE = Person("discord", "1", "alice")
BOB = Person("discord", "3", "bob")
EVE = Person("discord", "4", "eve (1)")  # her name ends like alice's created_by suffix
SLACK_ONE = Person("slack", "1", "uno")  # the same id on another platform: someone else
MOD = Person("discord", "2", "mo")


def add(db: sqlite_utils.Database, who: Person, claim: str) -> int:
    return insert_counterexample(
        db,
        Submission("2", claim, "a, b", "https://e.org", ""),
        who,
        f"chan-{who.user_id}",
        T0,
        Check(CheckOutcome.SUPPORTED, "why", ("f1",)),
    )


def accept(db: sqlite_utils.Database, number: int, by: Person = MOD) -> None:
    def announce(db: sqlite_utils.Database) -> None:
        accepted = get_counterexample(db, number)
        enqueue(db, COUNTEREXAMPLE_ACCEPTED, credit_payload(accepted), now=T0)

    assert record_review(db, number, Status.ACCEPTED, by, "", T0 + timedelta(hours=1), announce)


def everything(db: sqlite_utils.Database) -> dict[str, list[tuple]]:
    return {
        table: db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        for table in (
            "counterexamples",
            "counterexample_reviews",
            "subscriptions",
            "slack_installations",
            "slack_bots",
            "outbox_events",
        )
    }


def populated(tmp_path) -> sqlite_utils.Database:
    db = connect(tmp_path / "p.db")
    mine, others = add(db, ALICE, "alice's claim"), add(db, BOB, "bob's claim")
    add(db, ALICE, "alice's pending claim")
    add(db, SLACK_ONE, "uno's claim")
    accept(db, mine)
    accept(db, others, by=ALICE)  # alice is also a moderator
    for who, channel in ((ALICE, "C1"), (BOB, "C2"), (EVE, "C3"), (SLACK_ONE, "C4")):
        subscribe(db, who.platform, channel, "arena", False, f"{who.user_name} ({who.user_id})", T0)
    save_installation(
        db, "", "T1", "1", 1.0, {"user_id": "1", "user_token": "xoxp"}, {"bot_token": "xoxb"}
    )
    return db


def test_the_outbox_kinds_are_the_announcements_that_quote_names() -> None:
    assert (CREDIT_KIND, PREDICTION_KIND) == (COUNTEREXAMPLE_ACCEPTED, PREDICTION_RESOLVED)


def test_held_about_finds_only_this_platform_and_id(tmp_path) -> None:
    db = populated(tmp_path)
    held = held_about(db, "discord", "1")
    assert [(s.id, s.status, s.name, s.channel_id) for s in held.submitted] == [
        (1, "accepted", "alice", "chan-1"),
        (3, "pending", "alice", "chan-1"),
    ]
    assert [(r.counterexample_id, r.action, r.name) for r in held.reviewed] == [
        (2, "accepted", "alice")
    ]
    assert held.subscriptions == (("C1", "arena"),)  # not eve's "eve (1) (4)"
    assert held.installations == ()  # the Slack installer "1" is another person
    assert held.announcements == 2  # credited to her (#1), accepted by her (#2)
    slack = held_about(db, "slack", "1")
    assert [s.id for s in slack.submitted] == [4]
    assert slack.subscriptions == (("C4", "arena"),)
    assert slack.installations == ("T1",)
    assert held_about(db, "discord", "99") == Held() and Held().empty
    assert held_about(db, "discord", "") == Held()


def test_forget_anonymises_her_rows_keeps_content_and_verdict(tmp_path) -> None:
    db = populated(tmp_path)
    before = everything(db)
    held = forget(db, "discord", "1")
    assert [s.id for s in held.submitted] == [1, 3]
    after = everything(db)

    first, pending = get_counterexample(db, 1), get_counterexample(db, 3)
    assert first.submission.claim == "alice's claim" and first.status is Status.ACCEPTED
    assert first.check.outcome is CheckOutcome.SUPPORTED
    assert first.by == Person("discord", "", FORMER_MEMBER) and first.channel_id == ""
    assert pending.submission.claim == "alice's pending claim"
    assert pending.status is Status.PENDING and pending.by.user_name == FORMER_MEMBER
    [credit, bobs] = accepted_for_law(db, "2")
    assert credit_line(credit) == (
        "BROKEN by counterexample #1 (credited to a former member on discord, accepted 2026-11-26)"
    )
    assert [r.by for r in credit.reviews] == [MOD]  # the moderator is someone else
    assert bobs.by == BOB and [r.by.user_name for r in bobs.reviews] == [FORMER_MEMBER]

    payloads = [json.loads(row[3]) for row in after["outbox_events"]]
    assert [(p["id"], p["user_name"], p["accepted_by"]) for p in payloads] == [
        (1, FORMER_MEMBER, "mo"),
        (2, "bob", FORMER_MEMBER),
    ]
    assert [r[6] for r in after["subscriptions"]] == ["", "bob (3)", "eve (1) (4)", "uno (1)"]

    # Nothing else changed: bob's, eve's and Slack user 1's rows are as they were.
    for table in ("slack_installations", "slack_bots"):
        assert after[table] == before[table]
    assert after["counterexamples"][1:4:2] == before["counterexamples"][1:4:2]
    assert after["subscriptions"][1:] == before["subscriptions"][1:]
    assert held_about(db, "discord", "1").empty


def test_forgetting_a_slack_installer_keeps_the_workspace_bot(tmp_path) -> None:
    db = populated(tmp_path)
    held = forget(db, "slack", "1")
    assert held.installations == ("T1",)
    assert db.execute("SELECT COUNT(*) FROM slack_installations").fetchone()[0] == 0
    assert find_bot(db, "", "T1")["bot_token"] == "xoxb"
    assert get_counterexample(db, 4).by.user_name == FORMER_MEMBER
    assert [s.id for s in held_about(db, "discord", "1").submitted] == [1, 3]


def test_forgetting_nobody_changes_nothing(tmp_path) -> None:
    db = populated(tmp_path)
    before = everything(db)
    assert forget(db, "discord", "99").empty
    forget(db, "discord", "1")
    middle = everything(db)
    assert forget(db, "discord", "").empty  # '' is what forgotten rows hold, not a person
    assert everything(db) == middle != before


def predicted(db: sqlite_utils.Database) -> None:
    """Alice states two predictions (one resolves and is announced, one is voided by her
    as a moderator of bob's), bob one."""

    def stated(claim: str) -> Stated:
        return Stated(
            claim,
            claim,
            "A sentence.",
            "leader",
            "arena",
            "overall",
            date(2027, 6, 30),
            {"template": "leader"},
            40,
        )

    first = insert_prediction(db, stated("a1"), ALICE, "chan-p", T0)
    insert_prediction(db, stated("a2"), ALICE, "chan-p", T0)
    bobs = insert_prediction(db, stated("b1"), BOB, "chan-b", T0)

    def announce(d: sqlite_utils.Database) -> None:
        enqueue(
            d, PREDICTION_KIND, {"id": first, "author": "alice", "leaderboard": "arena"}, now=T0
        )

    record_resolution(db, first, "YES", date(2027, 1, 10), {"reason": "r"}, T0, announce)
    void(db, bobs, "a duplicate", ALICE, T0)


def test_predictions_and_their_announcements_are_held_and_forgotten(tmp_path) -> None:
    db = connect(tmp_path / "p.db")
    predicted(db)
    held = held_about(db, "discord", "1")
    assert [(p.id, p.status, p.name, p.channel_id) for p in held.predicted] == [
        (1, "yes", "alice", "chan-p"),
        (2, "open", "alice", "chan-p"),
    ]
    assert [(v.prediction_id, v.name) for v in held.voided] == [(3, "alice")]
    assert (held.prediction_announcements, held.announcements) == (1, 0)
    assert held_about(db, "discord", "3").prediction_announcements == 0  # bob's: none

    forget(db, "discord", "1")
    mine, voided = get_prediction(db, 1), get_prediction(db, 3)
    assert (mine.by, mine.channel_id, mine.status, mine.evidence) == (
        Person("discord", "", FORMER_MEMBER),
        "",
        PredictionStatus.YES,
        {"reason": "r"},
    )
    assert (voided.by, voided.void.by, voided.void.reason) == (
        BOB,
        Person("discord", "", FORMER_MEMBER),
        "a duplicate",
    )
    [payload] = [json.loads(r[0]) for r in db.execute("SELECT payload FROM outbox_events")]
    assert payload["author"] == FORMER_MEMBER
    assert scored(db) == []  # a former member leaves the forecasters
    assert held_about(db, "discord", "1").empty
    assert not withdraw(db, 2, Person("discord", "", FORMER_MEMBER), T0)  # nobody's now
