"""/my-data and /forget-me through the neutral handlers: a console user who submitted a
counterexample sees it, is asked before anything is removed, and is then credited as a
former member; no one else's data is shown or touched."""

import re

from handlers.actions import run_action
from handlers.commands import COMMANDS, run_text
from handlers.context import Invoker
from handlers.reply import Tone
from storage.counterexamples import get_counterexample
from tests.handlers.counterexamples.conftest import person
from tests.handlers.counterexamples.test_workflow import MOD, VALUES, store_arena

CONSOLE = Invoker(platform="console", user_id="local", user_name="ada", channel_id="console")
BOB = person("U2", "bob")


async def submitted_and_accepted(make_ctx) -> None:
    await store_arena(make_ctx())
    await run_text(
        make_ctx(CONSOLE), "/counterexample " + " ".join(f'{k}="{v}"' for k, v in VALUES.items())
    )
    await run_text(
        make_ctx(BOB),
        "/counterexample " + " ".join(f'{k}="{v}"' for k, v in {**VALUES, "law": "3"}.items()),
    )
    await run_action(make_ctx(MOD), "cx_approve", "1")


async def test_my_data_shows_only_your_own(make_ctx) -> None:
    await submitted_and_accepted(make_ctx)
    mine = await run_text(make_ctx(CONSOLE), "/my-data")
    assert mine.ephemeral and mine.title == "Your data"
    assert mine.text == "What I hold under your console id local:"
    assert [(f.name, f.value) for f in mine.fields] == [
        (
            "Counterexamples you submitted",
            "#1 · law 2 · accepted, 2026-11-26: as ada, from channel console",
        ),
        (
            "Announcements that quote your name",
            "1 accepted-counterexample announcement(s) in the outbox",
        ),
    ]
    bobs = await run_text(make_ctx(BOB), "/my-data")
    assert [f.value for f in bobs.fields] == [
        "#2 · law 3 · pending, 2026-11-26: as bob, from channel C-general"
    ]
    # Bob's Slack id on Discord is no one.
    elsewhere = await run_text(make_ctx(person("U2", "bob", platform="discord")), "/my-data")
    assert elsewhere.fields == () and elsewhere.text.startswith("I hold nothing about you")


async def test_forget_me_asks_first_then_credits_a_former_member(make_ctx) -> None:
    await submitted_and_accepted(make_ctx)
    ask = await run_text(make_ctx(CONSOLE), "/forget-me")
    assert ask.ephemeral and ask.title == "Forget you? Please confirm"
    assert "cannot be undone" in ask.text and "/forget-me confirm" in ask.text
    assert "credited to “a former member”" in ask.text
    assert [f.name for f in ask.fields] == [
        "Counterexamples you submitted",
        "Announcements that quote your name",
    ]
    [button] = ask.actions
    assert (button.custom_id, button.style) == ("lk:forget_me:confirm", "danger")
    assert (await make_ctx().storage.call(get_counterexample, 1)).by.user_name == "ada"

    done = await run_action(make_ctx(CONSOLE), "forget_me", "confirm")
    assert done.ephemeral and done.title == "Forgotten"
    assert done.text.startswith(
        "Your console id and name were removed from 1 counterexample, 1 announcement."
    )
    after = await run_text(make_ctx(CONSOLE), "/my-data")
    assert after.fields == () and after.text.startswith("I hold nothing about you")
    law = await run_text(make_ctx(), "/law 2")
    assert law.fields[-1].value == (
        "BROKEN by counterexample #1 (credited to a former member on console, accepted 2026-11-26)"
    )
    shown = await run_text(make_ctx(), "/counterexample-show 1")
    assert shown.text == VALUES["claim"] and shown.title.endswith("· accepted")
    assert "by a former member on console" in {f.name: f.value for f in shown.fields}["Submitted"]
    again = await run_text(make_ctx(CONSOLE), "/forget-me confirm")
    assert again.title == "Nothing to forget"


async def test_the_button_forgets_whoever_presses_it(make_ctx) -> None:
    await submitted_and_accepted(make_ctx)
    pressed = await run_action(make_ctx(BOB), "forget_me", "confirm")  # ada's button
    assert pressed.text == (
        "Your slack id and name were removed from 1 counterexample. "
        "Counterexamples, reviews and predictions keep their content "
        "and outcome, credited to “a former member” (your predictions "
        "leave /forecasters); subscriptions keep running for their "
        "channel. Messages already posted in chat are not edited."
    )
    assert (await make_ctx().storage.call(get_counterexample, 1)).by.user_name == "ada"
    stranger = await run_action(make_ctx(person("U9", "zed")), "forget_me", "confirm")
    assert stranger.title == "Nothing to forget"
    assert (await run_action(make_ctx(CONSOLE), "forget_me", "all")).tone is Tone.ERROR


async def test_a_forgotten_submitter_is_not_told_the_outcome(make_ctx, deliverers) -> None:
    await submitted_and_accepted(make_ctx)
    await run_text(make_ctx(BOB), "/forget-me confirm")
    posted = len(deliverers["slack"].posted)
    done = await run_action(make_ctx(MOD), "cx_reject", "2", "not a break")
    assert "The submitter asked to be forgotten, so no one was told." in done.text
    assert len(deliverers["slack"].posted) == posted
    rejected = await make_ctx().storage.call(get_counterexample, 2)
    assert rejected.submission.law == "3" and rejected.decided.reason == "not a break"


async def test_confirm_is_the_only_option(make_ctx) -> None:
    refused = await run_text(make_ctx(CONSOLE), "/forget-me yes")
    assert refused.tone is Tone.ERROR
    assert refused.text == ("/forget-me yes: there is no confirm 'yes'. Choose one of confirm.")


def test_command_names_follow_discord_rules() -> None:
    for name in ("my-data", "forget-me"):
        assert re.fullmatch(r"[-_a-z0-9]{1,32}", name) and name in COMMANDS
