"""Stating, listing, showing, withdrawing and voiding predictions through the neutral
commands, over the bundled real history; every refusal names its field or limit and
stores nothing; user text is stored as given and shown unable to ping or format."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handlers.actions import run_action
from handlers.commands import COMMANDS, form_to_open, run_form, run_text
from handlers.context import Context
from handlers.predictions.form import FORMS
from handlers.reply import Reply, Tone
from predictions.claims import TEMPLATES
from storage.predictions import Status, get_prediction, list_predictions, record_resolution
from tests.handlers.predictions.conftest import who
from tests.handlers.predictions.realdata import GEMINI_1550, LEADER_OPEN, OPEN_1600, STATED

HOSTILE_NAME = "@everyone <!channel> <@123> **bold** [x](https://e.org) `c` ~~s~~ ||sp||"
# What may never reach a chat message from a user's text: mentions and live markup.
FORBIDDEN = ("@everyone", "<!channel>", "<@123>", "**", "](", "`", "~~", "||")


def shown(reply: Reply) -> list[str]:
    return [
        reply.title,
        reply.text,
        reply.footer,
        *(s for f in reply.fields for s in (f.name, f.value)),
    ]


async def stored(ctx: Context) -> list:
    return await ctx.storage.call(list_predictions, None, None, 100)


async def test_a_claim_is_stored_as_typed_acknowledged_and_shown(make_ctx) -> None:
    ctx = make_ctx()
    typed = "leader leaderboard=LMArena openness=Open by=2027-06-30 confidence=30"
    ack = await run_text(ctx, f"/predict {typed}")
    assert (ack.title, ack.tone) == ("Prediction #1 recorded", Tone.INFO)
    assert ack.text == "An open model will be #1 on LMArena text by 2027-06-30 (confidence 30%)."
    assert ack.fields[1].value.endswith("Its data is as of 2025-12-11.")
    p = await ctx.storage.call(get_prediction, 1)
    assert (p.stated.claim, p.stated.canonical, p.stated.confidence) == (
        typed,
        "leader leaderboard=arena category=overall openness=open by=2027-06-30",
        30,
    )
    assert (p.by.platform, p.by.user_id, p.by.user_name, p.channel_id, p.stated_at) == (
        "slack",
        "U1",
        "alice",
        "C-general",
        STATED,
    )
    detail = await run_text(ctx, "/prediction #1")
    assert detail.title == "Prediction #1 · open"
    assert [(f.name, f.value) for f in detail.fields][:3] == [
        ("Claim as stated", typed),
        ("Stated", "by alice on slack, 2026-11-26 12:00 UTC"),
        ("Confidence", "30%"),
    ]
    assert detail.fields[3].value.startswith(
        "open: checked after each new snapshot of LMArena text until 2027-06-30"
    )
    # The author sees Withdraw; only moderators see Void.
    assert [a.custom_id for a in detail.actions] == ["lk:pred_withdraw:1"]
    other = await run_text(make_ctx(who("U2", "bob", moderator=True)), "/prediction 1")
    assert [a.custom_id for a in other.actions] == ["lk:pred_void:1"]


async def test_a_quoted_model_name_typed_inline_resolves_through_the_catalog(make_ctx) -> None:
    ctx = make_ctx()
    ack = await run_text(
        ctx, '/predict reaches leaderboard=arena model="GLM 4.6" score=1500 by=2027-06-30'
    )
    assert ack.title == "Prediction #1 recorded", ack.text
    p = await ctx.storage.call(get_prediction, 1)
    assert p.stated.claim == 'reaches leaderboard=arena model="GLM 4.6" score=1500 by=2027-06-30'
    assert "model=glm-4.6" in p.stated.canonical


async def test_the_form_states_the_same_claim_as_the_text_form(make_ctx) -> None:
    ctx = make_ctx()
    command = COMMANDS["predict"]
    assert form_to_open(command, "reaches") == ("reaches", FORMS["reaches"])
    assert form_to_open(command, "reaches leaderboard=arena") is None
    reply = await run_form(
        ctx,
        "predict",
        "reaches",
        {
            "leaderboard": "arena coding",
            "model": "GLM 4.6",
            "score": "1500",
            "by": "2027-06-30",
            "confidence": "",
        },
    )
    assert reply.title == "Prediction #1 recorded", reply.text
    p = await ctx.storage.call(get_prediction, 1)
    assert p.stated.claim == (
        'reaches leaderboard=arena category=coding model="GLM 4.6" score=1500 by=2027-06-30'
    )
    assert p.stated.canonical == (
        "reaches leaderboard=arena category=coding model=glm-4.6 score=1500 by=2027-06-30"
    )
    assert (p.stated.category, p.stated.confidence) == ("coding", None)


def test_every_template_has_a_form_that_fits_a_discord_modal() -> None:
    assert tuple(FORMS) == TEMPLATES
    for form in FORMS.values():
        assert len(form.fields) <= 5 and len(form.title) <= 45
        assert all(len(f.label) <= 45 and len(f.placeholder) <= 100 for f in form.fields)
        assert [f.name for f in form.fields if not f.required] == ["confidence"]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            "leader leaderboard=arena openness=open by=2024-02-30",
            "The by field: 2024-02-30 is not a real date.",
        ),
        (
            "leader leaderboard=arena openness=open by=2026-11-01",
            "The by field: 2026-11-01 is not after today (2026-11-26)",
        ),
        (
            "leader leaderboard=nowhere openness=open by=2027-06-30",
            "The leaderboard field: no leaderboard called 'nowhere'.",
        ),
        (
            "leader leaderboard=arena category=nope openness=open by=2027-06-30",
            "The category field: arena has no category 'nope'",
        ),
        ("leader leaderboard=arena openness=closed by=2027-06-30", "The openness field: expected"),
        ("leader leaderboard=arena openness=open", "The by field: missing"),
        (
            "leader leaderboard=arena openness=open by=2027-06-30 confidence=100",
            "The confidence field: expected a whole number from 1 to 99, got '100'.",
        ),
        (
            "leader leaderboard=arena openness=open by=2027-06-30 colour=red",
            "The colour field: leader has no field 'colour'",
        ),
        (
            "reaches leaderboard=arena model=@everyone score=1 by=2027-06-30",
            "The model field: no model called the value given",
        ),
        ("reaches leaderboard=arena model=glm-4.6 score=1e999 by=2027-06-30", "The score field"),
        (
            "smaller-beats leaderboard=arena params=1e99 model=gemini-3-pro by=2027-06-30",
            "The params field",
        ),
        (
            "leader leaderboard=open-llm-v1 openness=open by=2027-06-30",
            "The leaderboard field: open-llm-v1 is not polled",
        ),
        (
            "leader leaderboard=arena openness=open by=2027-06-30 " + "x" * 500,
            "That claim: a claim is at most 500 characters",
        ),
    ],
)
async def test_bad_input_is_refused_naming_the_field_and_stores_nothing(
    make_ctx, claim: str, expected: str
) -> None:
    ctx = make_ctx()
    reply = await run_text(ctx, f"/predict {claim}")
    assert reply.tone is Tone.ERROR and reply.ephemeral
    assert reply.text.startswith(expected), reply.text
    assert reply.text.endswith("Nothing was stored.")
    assert "@everyone" not in reply.text
    assert await stored(ctx) == []


async def test_a_form_value_the_text_form_cannot_carry_is_refused_naming_it(make_ctx) -> None:
    ctx = make_ctx()
    reply = await run_form(
        ctx,
        "predict",
        "above",
        {
            "leaderboard": "arena",
            "model": 'gpt "4o"',
            "other": "glm-4.6",
            "on": "2027-01-01",
            "confidence": "",
        },
    )
    assert (
        reply.text == 'The model field: a value cannot hold a double quote ("). Nothing was stored.'
    )
    assert await stored(ctx) == []


async def test_a_claim_already_true_today_is_refused_saying_why(make_ctx) -> None:
    ctx = make_ctx()
    reply = await run_text(
        ctx, "/predict leader leaderboard=arena openness=proprietary by=2027-06-30"
    )
    assert reply.tone is Tone.ERROR
    assert reply.text.startswith(
        "That is already true today (the #1, gemini-3-pro, is proprietary; snapshot of 2025-12-11)"
    )
    assert await stored(ctx) == []


async def test_an_above_claim_against_a_model_no_longer_listed_is_refused(make_ctx) -> None:
    """GPT-4o (2024-11-20) is in the catalog but not in Arena's latest snapshot: nothing
    could ever show glm-4.6 above it, so the claim is refused, not stored to stay open."""
    ctx = make_ctx()
    reply = await run_text(
        ctx, "/predict above leaderboard=arena model=glm-4.6 other=gpt-4o on=2027-01-01"
    )
    assert reply.tone is Tone.ERROR
    assert reply.text == (
        "That cannot be checked: GPT-4o (Nov 2024) is not listed in the latest snapshot of "
        "LMArena text (2025-12-11), and an above claim compares two listed models. Nothing "
        "was stored."
    )
    assert await stored(ctx) == []


async def test_the_template_alone_asks_for_the_fields_where_there_is_no_form(make_ctx) -> None:
    reply = await run_text(make_ctx(), "/predict lag")
    assert reply.tone is Tone.ERROR
    assert reply.text.endswith("such as /predict lag leaderboard=arena months=3 by=2027-12-31")
    missing = await run_text(make_ctx(), "/predict")
    assert missing.text.startswith(
        "/predict needs a template: one of leader, reaches, lag, smaller-beats, above."
    )


async def test_the_same_claim_twice_is_refused_but_someone_else_may_make_it(make_ctx) -> None:
    ctx = make_ctx()
    assert (await run_text(ctx, f"/predict {LEADER_OPEN}")).title == "Prediction #1 recorded"
    again = await run_text(
        ctx, "/predict leader leaderboard=arena openness=open by=2027-06-30 confidence=90"
    )
    assert again.text == "You already predicted this: prediction #1 (open). Nothing was stored."
    bob = make_ctx(who("U2", "bob"))
    assert (await run_text(bob, f"/predict {LEADER_OPEN}")).title == "Prediction #2 recorded"


async def test_the_hourly_limit_says_when_to_try_again_and_is_told_before_a_form(make_ctx) -> None:
    ctx = make_ctx(max_per_hour=2)
    for claim in (LEADER_OPEN, GEMINI_1550):
        assert (await run_text(ctx, f"/predict {claim}")).tone is Tone.INFO
    refused = await run_text(ctx, f"/predict {OPEN_1600}")
    assert refused.text == (
        "You have sent 2 predictions in the last hour; the limit is 2. "
        "Try again after 13:00 UTC (in 60 minutes)."
    )
    gate = COMMANDS["predict"].gate
    assert gate is not None and await gate(ctx) == refused.text
    later = make_ctx(now=STATED + timedelta(hours=1, seconds=1), max_per_hour=2)
    assert await gate(later) is None
    assert (await run_text(later, f"/predict {OPEN_1600}")).title == "Prediction #3 recorded"


async def test_open_predictions_are_capped_per_person(make_ctx) -> None:
    ctx = make_ctx(max_open=2)
    for claim in (LEADER_OPEN, GEMINI_1550):
        await run_text(ctx, f"/predict {claim}")
    refused = await run_text(ctx, f"/predict {OPEN_1600}")
    assert refused.text.startswith("You have 2 open predictions; the limit is 2.")
    await ctx.storage.call(record_resolution, 1, "NO", date(2027, 7, 1), {}, STATED)
    assert (await run_text(ctx, f"/predict {OPEN_1600}")).title == "Prediction #3 recorded"


async def test_only_the_author_withdraws_and_only_while_it_is_open(make_ctx) -> None:
    alice, bob = make_ctx(), make_ctx(who("U2", "bob", moderator=True))
    await run_text(alice, f"/predict {LEADER_OPEN}")
    refused = await run_text(bob, "/prediction 1 withdraw")
    assert refused.text == (
        "Only its author (alice) can withdraw prediction #1. Nothing was changed."
    )
    # The same user id on another platform is someone else.
    other = make_ctx(who("U1", "alice", platform="discord"))
    assert (await run_action(other, "pred_withdraw", "1")).tone is Tone.ERROR
    done = await run_action(alice, "pred_withdraw", "1")
    assert done.title == "Prediction #1 withdrawn"
    assert "withdrawn by its author, 2026-11-26 12:00 UTC" in done.text
    again = await run_text(alice, "/prediction 1 withdraw")
    assert again.text.startswith("Prediction #1 is withdrawn already")
    await run_text(alice, f"/predict {GEMINI_1550}")
    await alice.storage.call(record_resolution, 2, "NO", date(2027, 1, 10), {}, STATED)
    final = await run_text(alice, "/prediction 2 withdraw")
    assert final.text == (
        "Prediction #2 is no already, so it can no longer be withdrawn: a "
        "resolution is final. Nothing was changed."
    )


async def test_moderators_void_with_a_reason_even_after_resolution(make_ctx) -> None:
    alice = make_ctx()
    mod = make_ctx(who("M1", "mo", moderator=True))
    await run_text(alice, f"/predict {GEMINI_1550}")
    await alice.storage.call(
        record_resolution,
        1,
        "NO",
        date(2027, 1, 10),
        {"reason": "gemini-3-pro scores 1487 < 1550"},
        STATED,
    )
    refused = await run_text(alice, "/prediction 1 void because")
    assert refused.text == "Only moderators can void predictions. Nothing was changed."
    no_reason = await run_action(mod, "pred_void", "1", "  ")
    assert no_reason.text.startswith("Voiding needs a reason")
    assert (await alice.storage.call(get_prediction, 1)).status is Status.NO
    done = await run_text(mod, "/prediction 1 void the snapshot was withdrawn upstream")
    assert done.title == "Prediction #1 voided"
    p = await alice.storage.call(get_prediction, 1)
    assert (p.status, p.outcome, p.void.reason, p.void.by.user_name) == (
        Status.VOIDED,
        "NO",
        "the snapshot was withdrawn upstream",
        "mo",
    )
    detail = await run_text(alice, "/prediction 1")
    assert detail.fields[-2].value == (
        "voided by mo on slack, 2026-11-26 12:00 UTC (it had "
        "resolved NO): the snapshot was withdrawn upstream"
    )
    assert detail.actions == ()
    assert (await run_text(mod, "/prediction 1 void again")).text.startswith(
        "Prediction #1 is voided, so there is nothing to void."
    )


@pytest.mark.parametrize("number", ["²", "99999999999999999999", "#7", "x", "1.0"])
async def test_an_unknown_number_is_no_such_prediction(make_ctx, number: str) -> None:
    ctx = make_ctx()
    await run_text(ctx, f"/predict {LEADER_OPEN}")
    for reply in (
        await run_text(ctx, f"/prediction {number}"),
        await run_action(ctx, "pred_withdraw", number),
        await run_action(make_ctx(who(moderator=True)), "pred_void", number, "r"),
    ):
        assert reply.tone is Tone.ERROR and reply.text.startswith("There is no prediction")
    assert (await ctx.storage.call(get_prediction, 1)).status is Status.OPEN


async def test_lists_by_status_and_mine(make_ctx) -> None:
    alice, bob = make_ctx(), make_ctx(who("U2", "bob"))
    await run_text(alice, f"/predict {LEADER_OPEN}")
    await run_text(bob, f"/predict {GEMINI_1550}")
    await alice.storage.call(record_resolution, 2, "NO", date(2027, 1, 10), {}, STATED)

    def numbers(reply: Reply) -> list[str]:
        return [f.name.split(" · ")[0] for f in reply.fields]

    assert numbers(await run_text(alice, "/predictions")) == ["#2", "#1"]
    assert numbers(await run_text(alice, "/predictions open")) == ["#1"]
    assert numbers(await run_text(alice, "/predictions resolved")) == ["#2"]
    assert numbers(await run_text(bob, "/predictions mine")) == ["#2"]
    assert (await run_text(alice, "/predictions mine")).title == "Your predictions"
    bad = await run_text(alice, "/predictions closed")
    assert bad.text.startswith("/predictions closed: there is no which 'closed'.")
    empty = await run_text(make_ctx(who("U3", "cy")), "/predictions mine")
    assert empty.text == "None yet. State one with /predict."


async def test_hostile_names_and_reasons_are_stored_as_given_and_shown_inert(make_ctx) -> None:
    ctx = make_ctx(who("U9", HOSTILE_NAME, moderator=True))
    replies = [await run_text(ctx, f"/predict {LEADER_OPEN}")]
    replies.append(await run_action(ctx, "pred_void", "1", f"{HOSTILE_NAME}\n> quoted"))
    replies.append(await run_text(make_ctx(who("U2", "bob")), "/prediction 1 withdraw"))
    replies += [await run_text(ctx, "/prediction 1"), await run_text(ctx, "/predictions")]
    p = await ctx.storage.call(get_prediction, 1)
    assert (p.by.user_name, p.void.by.user_name) == (HOSTILE_NAME, HOSTILE_NAME)
    assert p.void.reason == f"{HOSTILE_NAME}\n> quoted"
    assert replies[2].text.startswith("Only its author (@\u200beveryone")
    for reply in replies:
        for text in shown(reply):
            assert not any(bad in text for bad in FORBIDDEN), text
            assert "\n>" not in text
    assert (
        "@\u200beveryone <\u200b!channel> <\u200b@123> \u2217\u2217bold\u2217\u2217"
        in replies[3].fields[1].value
    )


async def test_my_data_lists_predictions_and_forget_me_credits_a_former_member(make_ctx) -> None:
    alice, mod = make_ctx(), make_ctx(who("M1", "mo", moderator=True))
    await run_text(alice, f"/predict {LEADER_OPEN}")
    await run_text(mod, f"/predict {GEMINI_1550}")
    await run_text(alice, "/prediction 2 withdraw")  # not hers: refused, nothing changes
    await run_text(mod, "/prediction 1 void stated twice")
    mine = await run_text(alice, "/my-data")
    assert [(f.name, f.value) for f in mine.fields] == [
        ("Predictions you stated", "#1 · voided, 2026-11-26: as alice, from channel C-general")
    ]
    theirs = await run_text(mod, "/my-data")
    assert ("Predictions you voided", "#1, 2026-11-26: as mo") in [
        (f.name, f.value) for f in theirs.fields
    ]
    done = await run_text(alice, "/forget-me confirm")
    assert done.text.startswith("Your slack id and name were removed from 1 prediction.")
    shown = await run_text(mod, "/prediction 1")
    assert shown.fields[1].value == "by a former member on slack, 2026-11-26 12:00 UTC"
