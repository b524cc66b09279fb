"""Submit → check → review → credit, and the abuse bounds, through the neutral handlers."""

import json
from datetime import timedelta

from handlers.actions import run_action
from handlers.announcement import event_reply
from handlers.commands import run_command, run_text
from handlers.reply import Tone
from storage import transaction
from storage.counterexamples import (
    CheckOutcome,
    Status,
    get_counterexample,
    list_counterexamples,
)
from storage.snapshots import insert_snapshot
from storage.subscriptions import ALL, subscribe
from tests.handlers.counterexamples.conftest import NOW, person
from tests.handlers.counterexamples.realdata import arena_snapshot

CLAIM = "Mixtral-8x7B, the best open model of Dec 2023, is below GPT-4-0314 of Mar 2023."
VALUES = {
    "law": "2",
    "claim": CLAIM,
    "models": "Mixtral-8x7b, GPT-4-0314",
    "evidence": "https://lmarena.ai/leaderboard https://mistral.ai/news/mixtral-of-experts",
    "snapshot": "arena 2024-06-30",
}
MOD = person("M1", "mo", moderator=True, platform="discord")


async def store_arena(ctx) -> None:
    def fill(db):
        with transaction(db):
            insert_snapshot(db, arena_snapshot())

    await ctx.storage.call(fill)


async def test_submit_checks_stores_as_typed_and_posts_for_review(make_ctx, deliverers) -> None:
    ctx = make_ctx()
    await store_arena(ctx)
    reply = await run_command(ctx, "counterexample", VALUES)
    assert reply.title == "Counterexample #1 received"
    assert reply.ephemeral and "Moderators will review it" in reply.text
    assert reply.fields[0].value.startswith(
        "Supported by the data: Mixtral-8x7b (open) is below GPT-4-0314 (proprietary, 9 months "
        "older) beyond the intervals.\nSnapshot: arena · overall, 2024-06-19\n"
    )
    stored = await ctx.storage.call(get_counterexample, 1)
    assert stored.submission.claim == CLAIM and stored.submission.models == VALUES["models"]
    assert stored.submission.evidence == VALUES["evidence"]
    assert (stored.status, stored.by.user_name, stored.channel_id) == (
        Status.PENDING,
        "alice",
        "C-general",
    )
    assert stored.check.outcome is CheckOutcome.SUPPORTED
    [(channel, post)] = deliverers["discord"].posted
    assert channel == "mods" and post.title.startswith("For review: Counterexample #1 · law 2")
    assert [(a.custom_id, a.asks_reason) for a in post.actions] == [
        ("lk:cx_approve:1", False),
        ("lk:cx_reject:1", True),
    ]


async def test_without_a_snapshot_it_cannot_be_checked(make_ctx) -> None:
    ctx = make_ctx()
    reply = await run_command(ctx, "counterexample", {**VALUES, "snapshot": ""})
    assert "Cannot be checked: No leaderboard or date was given" in reply.fields[0].value
    reply = await run_command(ctx, "counterexample", {**VALUES, "law": "3"})
    assert "Cannot be checked: I have no snapshot" in reply.fields[0].value


async def test_date_alone_finds_the_leaderboard_holding_the_models(make_ctx) -> None:
    ctx = make_ctx()
    await store_arena(ctx)
    reply = await run_command(ctx, "counterexample", {**VALUES, "snapshot": "2024-07"})
    assert "Supported by the data" in reply.fields[0].value
    too_early = await run_command(
        ctx, "counterexample", {**VALUES, "law": "3", "snapshot": "2024-06-18"}
    )
    assert "Cannot be checked" in too_early.fields[0].value


async def test_unreachable_review_channel_still_stores(make_ctx, deliverers) -> None:
    ctx = make_ctx(review_platform="slack", review_channel="C-mods")
    del deliverers["slack"]
    reply = await run_command(ctx, "counterexample", VALUES)
    assert "could not be reached just now" in reply.text
    assert len(await ctx.storage.call(list_counterexamples)) == 1


async def test_non_moderator_cannot_approve_and_nothing_changes(make_ctx, deliverers) -> None:
    await run_command(make_ctx(), "counterexample", VALUES)
    before = len(deliverers["slack"].posted) + len(deliverers["discord"].posted)
    for kind in ("cx_approve", "cx_reject"):
        refused = await run_action(make_ctx(person("U2", "mallory")), kind, "1", "because")
        assert refused.tone is Tone.ERROR
        assert refused.text == "Only moderators can review counterexamples. Nothing was changed."
    stored = await make_ctx().storage.call(get_counterexample, 1)
    assert stored.status is Status.PENDING and stored.reviews == ()
    assert len(deliverers["slack"].posted) + len(deliverers["discord"].posted) == before
    law = await run_text(make_ctx(), "/law 2")
    assert all("counterexample" not in f.name.lower() for f in law.fields)


async def test_approve_records_who_and_when_tells_submitter_and_credits(
    make_ctx, deliverers
) -> None:
    await run_command(make_ctx(), "counterexample", VALUES)
    later = NOW + timedelta(minutes=30)
    done = await run_action(make_ctx(MOD, later), "cx_approve", "1")
    assert done.title == "Counterexample #1 accepted"
    assert "The submitter has been told." in done.text
    stored = await make_ctx().storage.call(get_counterexample, 1)
    assert stored.status is Status.ACCEPTED
    [review] = stored.reviews
    assert (review.by.platform, review.by.user_id, review.by.user_name, review.at) == (
        "discord",
        "M1",
        "mo",
        later,
    )
    told = [m for c, m in deliverers["slack"].posted if c == "C-general"]
    assert told[0].title == "Your counterexample #1 was accepted"
    law = await run_text(make_ctx(), "/law 2")
    assert law.tone is Tone.BROKEN
    assert law.fields[-1].value == (
        "BROKEN by counterexample #1 (credited to alice on slack, accepted 2026-11-26)"
    )
    assert not any(
        "counterexample" in f.name.lower() for f in (await run_text(make_ctx(), "/law 1")).fields
    )
    again = await run_action(make_ctx(MOD), "cx_reject", "1", "changed my mind")
    assert again.text == (
        "Counterexample #1 was already accepted by mo on 2026-11-26 12:30 UTC. Nothing was changed."
    )


def outbox(db) -> list[tuple[str, dict, list[tuple[str, str]]]]:
    events = db.execute("SELECT id, kind, payload FROM outbox_events ORDER BY id").fetchall()
    return [
        (
            kind,
            json.loads(payload),
            db.execute(
                "SELECT platform, channel_id FROM deliveries WHERE event_id = ? ORDER BY id",
                [event_id],
            ).fetchall(),
        )
        for event_id, kind, payload in events
    ]


async def test_acceptance_is_announced_through_the_outbox_to_law_subscribers(make_ctx) -> None:
    def subscriptions(db):
        subscribe(db, "slack", "C-laws", ALL, True, "admin", NOW)
        subscribe(db, "discord", "D-leaders", ALL, False, "admin", NOW)

    await make_ctx().storage.call(subscriptions)
    await store_arena(make_ctx())
    await run_command(make_ctx(), "counterexample", VALUES)
    await run_command(make_ctx(), "counterexample", {**VALUES, "law": "3"})
    await run_action(make_ctx(person("U2", "mallory")), "cx_approve", "1")
    await run_action(make_ctx(MOD), "cx_reject", "2", "no")
    assert await make_ctx().storage.call(outbox) == []  # refused and rejected: no news
    await run_action(make_ctx(MOD), "cx_approve", "1")
    [(kind, payload, destinations)] = await make_ctx().storage.call(outbox)
    assert kind == "counterexample_accepted"
    # the console always; the channel that asked for law news; not the leaders-only one
    assert destinations == [("console", "console"), ("slack", "C-laws")]
    assert (
        payload["id"],
        payload["law"],
        payload["claim"],
        payload["user_name"],
        payload["accepted_by"],
    ) == (1, "2", CLAIM, "alice", "mo")
    announced = event_reply(kind, payload)
    assert announced.title == "Law 2 BROKEN by counterexample #1"
    assert announced.tone is Tone.BROKEN
    assert announced.fields[0].value == "alice on slack"
    assert announced.fields[1].value.startswith("Supported by the data: Mixtral-8x7b")


async def test_reject_needs_a_reason_and_the_submitter_sees_it(make_ctx, deliverers) -> None:
    await run_command(make_ctx(), "counterexample", VALUES)
    no_reason = await run_action(make_ctx(MOD), "cx_reject", "1", "  ")
    assert "Rejecting needs a reason" in no_reason.text
    too_long = await run_action(make_ctx(MOD), "cx_reject", "1", "r" * 501)
    assert "the limit is 500" in too_long.text
    assert (await make_ctx().storage.call(get_counterexample, 1)).status is Status.PENDING
    await run_action(make_ctx(MOD), "cx_reject", "1", "The interval overlaps @everyone")
    stored = await make_ctx().storage.call(get_counterexample, 1)
    assert stored.status is Status.REJECTED
    assert stored.reviews[0].reason == "The interval overlaps @everyone"
    told = deliverers["slack"].posted[-1][1]
    assert told.title == "Your counterexample #1 was rejected"
    assert "Reason: The interval overlaps @\u200beveryone" in told.text
    shown = await run_text(make_ctx(), "/counterexample-show #1")
    assert shown.fields[-1].name == "Review history"
    assert shown.fields[-1].value.startswith("2026-11-26 12:00 UTC: rejected by mo on discord")
    assert shown.actions == ()


async def test_missing_or_bad_target(make_ctx) -> None:
    assert (await run_action(make_ctx(MOD), "cx_approve", "9")).text == (
        "There is no counterexample #9."
    )
    assert "There is no counterexample" in (await run_action(make_ctx(MOD), "cx_approve", "x")).text
    assert (
        "There is no counterexample '12x'"
        in (await run_text(make_ctx(), "/counterexample-show 12x")).text
    )


async def test_rate_limit_says_when_to_try_again(make_ctx) -> None:
    for i in range(3):
        ctx = make_ctx(now=NOW + timedelta(minutes=10 * i))
        assert (
            "received"
            in (
                await run_command(
                    ctx, "counterexample", {**VALUES, "claim": f"case {i}: {'x' * i}"}
                )
            ).title
        )
    fourth = await run_command(
        make_ctx(now=NOW + timedelta(minutes=25)),
        "counterexample",
        {**VALUES, "claim": "a quite different fourth case"},
    )
    assert fourth.text == (
        "You have sent 3 counterexamples in the last hour; the limit is 3. "
        "Try again after 13:00 UTC (in 35 minutes)."
    )
    assert len(await make_ctx().storage.call(list_counterexamples)) == 3
    other_user = await run_command(make_ctx(person("U9", "bob")), "counterexample", VALUES)
    assert "received" in other_user.title
    later = await run_command(
        make_ctx(now=NOW + timedelta(minutes=61)),
        "counterexample",
        {**VALUES, "claim": "a quite different fourth case"},
    )
    assert "received" in later.title


async def test_at_most_five_pending(make_ctx) -> None:
    for i in range(5):
        await run_command(
            make_ctx(max_per_hour=100), "counterexample", {**VALUES, "claim": f"{i}" * (i + 1) * 20}
        )
    sixth = await run_command(
        make_ctx(max_per_hour=100), "counterexample", {**VALUES, "claim": "something else entirely"}
    )
    assert sixth.text.startswith(
        "You have 5 counterexamples waiting for review (#1, #2, #3, "
        "#4, #5); the limit is 5. You can send another as soon as"
    )
    await run_action(make_ctx(MOD), "cx_reject", "2", "not a counterexample")
    assert (
        "received"
        in (
            await run_command(
                make_ctx(max_per_hour=100), "counterexample", {**VALUES, "claim": "something else"}
            )
        ).title
    )


async def test_near_identical_claim_is_a_duplicate(make_ctx) -> None:
    await run_command(make_ctx(), "counterexample", VALUES)
    same = await run_command(
        make_ctx(), "counterexample", {**VALUES, "claim": "  " + CLAIM.upper().replace(" ", "   ")}
    )
    assert same.text.startswith("This is nearly the same claim as your counterexample #1 (pending)")
    other_law = await run_command(make_ctx(), "counterexample", {**VALUES, "law": "3"})
    assert "received" in other_law.title
    other_user = await run_command(make_ctx(person("U7", "carol")), "counterexample", VALUES)
    assert "received" in other_user.title


async def test_browse_lists_filters_and_shows_buttons_only_to_moderators(make_ctx) -> None:
    await run_command(make_ctx(), "counterexample", VALUES)
    await run_command(make_ctx(), "counterexample", {**VALUES, "law": "3", "claim": "Sizes"})
    await run_action(make_ctx(MOD), "cx_approve", "2")
    everything = await run_text(make_ctx(), "/counterexamples")
    assert [f.name for f in everything.fields] == ["#2 · law 3 · accepted", "#1 · law 2 · pending"]
    pending = await run_text(make_ctx(), "/counterexamples 2 pending")
    assert pending.title == "Counterexamples · law 2 · pending"
    assert [f.name for f in pending.fields] == ["#1 · law 2 · pending"]
    none = await run_text(make_ctx(), "/counterexamples 1")
    assert "None yet" in none.text
    bad = await run_text(make_ctx(), "/counterexamples 2 maybe")
    assert "Choose one of pending, accepted, rejected" in bad.text
    assert (await run_text(make_ctx(), "/counterexample-show 1")).actions == ()
    assert len((await run_text(make_ctx(MOD), "/counterexample-show 1")).actions) == 2


async def test_the_outbox_delivers_the_acceptance(make_ctx) -> None:
    from bot.delivery import DeliveryLoop
    from handlers.settings import AnnouncementsConfig
    from tests.handlers.counterexamples.conftest import RecordingDeliverer

    await run_command(make_ctx(), "counterexample", VALUES)
    await run_action(make_ctx(MOD), "cx_approve", "1")
    console = RecordingDeliverer("console")
    loop = DeliveryLoop(make_ctx().storage, [console], AnnouncementsConfig())
    assert await loop.deliver_due() == 1
    [(channel, message)] = console.posted
    assert (channel, message.title) == ("console", "Law 2 BROKEN by counterexample #1")
    assert await loop.deliver_due() == 0  # delivered once


async def test_a_kept_law_reply_still_shows_a_new_acceptance(make_ctx) -> None:
    ctx = make_ctx()  # one Services: /law replies are kept in its memo per ledger version
    await run_command(ctx, "counterexample", VALUES)
    before = await run_text(ctx, "/law 2")
    assert not any("counterexample" in f.name.lower() for f in before.fields)
    await run_action(make_ctx(MOD), "cx_approve", "1")
    after = await run_text(ctx, "/law 2")
    assert after.tone is Tone.BROKEN
    assert after.fields[-1].value.startswith("BROKEN by counterexample #1 (credited to alice")


async def test_numbers_that_are_not_ids_are_no_such_counterexample(make_ctx) -> None:
    """Unicode digits, and numbers past SQLite's 64-bit integers, change nothing."""
    ctx = make_ctx()
    await run_command(ctx, "counterexample", VALUES)
    for typed in ("²", "١٢", "99999999999999999999", "#99999999999999999999", "-1", "1.0"):
        shown = await run_text(make_ctx(MOD), f"/counterexample-show {typed}")
        assert shown.tone is Tone.ERROR
        assert shown.text == (
            f"There is no counterexample {typed!r}. List them with /counterexamples."
        )
        for kind in ("cx_approve", "cx_reject"):
            pressed = await run_action(make_ctx(MOD), kind, typed, "a reason")
            assert pressed.tone is Tone.ERROR
            assert pressed.text == f"There is no counterexample {typed!r}."
    assert (await ctx.storage.call(get_counterexample, 1)).status is Status.PENDING
