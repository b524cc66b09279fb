import json

import pytest

from handlers.commands import COMMANDS, run_command, run_text
from handlers.context import Context
from handlers.reply import Tone
from laws import LAWS


async def test_law_2_quotes_statement_and_attribution(ctx: Context) -> None:
    reply = await run_text(ctx, "/law 2")
    assert reply.title == "Law 2: Open beats the proprietary of six months earlier"
    assert LAWS["2"].statement in reply.text
    assert "Xavier Amatriain" in reply.text
    assert "amatriain.net/blog/opensourcellms2" in reply.text
    assert "No verdicts yet" in reply.text
    assert reply.tone is Tone.INFO


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/law 7", "there is no law '7'. Choose one of 1, 2, 3."),
        ("/law x", "there is no law 'x'. Choose one of 1, 2, 3."),
        ("/law", "/law needs a law: one of 1, 2, 3."),
        ("/law 1 2", "there is no detail '2'. Choose one of explain."),
        ("/law 1 explain more", "/law takes at most 2 arguments."),
        ('/law "2', "I couldn't read that"),
        (
            "/frobnicate",
            "There is no command /frobnicate. Commands: /law, /laws, /top, /model, /ledger, "
            "/subscribe, /unsubscribe, /subscriptions, /status, /help",
        ),
        ("/help nope", "There is no command 'nope'"),
    ],
)
async def test_bad_input_gets_a_clear_error(ctx: Context, line: str, expected: str) -> None:
    reply = await run_text(ctx, line)
    assert reply.tone is Tone.ERROR
    assert reply.ephemeral
    assert expected in reply.text


async def test_named_arguments_are_checked_the_same_way(ctx: Context) -> None:
    assert (await run_command(ctx, "law", {"law": "3"})).title.startswith("Law 3")
    bad = await run_command(ctx, "law", {"law": "9"})
    assert bad.tone is Tone.ERROR and "Choose one of 1, 2, 3" in bad.text
    unknown = await run_command(ctx, "law", {"law": "1", "colour": "red"})
    assert "has no option 'colour'" in unknown.text


async def test_blank_line_is_no_reply(ctx: Context) -> None:
    assert await run_text(ctx, "   ") is None


async def test_laws_lists_all_three(ctx: Context) -> None:
    reply = await run_text(ctx, "laws")
    assert [f.name.split(":")[0] for f in reply.fields] == ["Law 1", "Law 2", "Law 3"]
    assert all("No verdicts yet." in f.value for f in reply.fields)


async def test_help_lists_every_command_and_explains_one(ctx: Context) -> None:
    reply = await run_text(ctx, "/help")
    assert [f.name.split()[0] for f in reply.fields] == [f"/{n}" for n in COMMANDS]
    one = await run_text(ctx, "/help /law")
    assert one.title == "/law <1|2|3> [explain]"


def _verdict(db, law, period, status, current=1):
    db.execute(
        "INSERT INTO verdicts (law, leaderboard, category, period, status, evidence, "
        "computed_at, current) VALUES (?, 'arena', 'overall', ?, ?, ?, '2026-01-01', ?)",
        [law, period, status, json.dumps({"note": "test"}), current],
    )


async def test_law_shows_the_latest_decided_month_and_ledger_n_the_counts(ctx: Context) -> None:
    def fill(db):
        _verdict(db, "2", "2024-01", "BROKEN")
        _verdict(db, "2", "2024-02", "HOLDS")
        _verdict(db, "2", "2024-03", "HOLDS")
        _verdict(db, "2", "2024-04", "HOLDS")
        _verdict(db, "2", "2024-05", "BROKEN", current=0)  # superseded: ignored
        _verdict(db, "1", "2024-04", "BROKEN")  # another law: not shown

    await ctx.storage.call(fill)
    reply = await run_text(ctx, "/law 2")
    assert reply.tone is Tone.HOLDS
    assert len(reply.fields) == 1
    assert reply.fields[0].name == "LMArena text, 2024-04"
    assert reply.fields[0].value == "HOLDS."  # no evidence recorded: nothing more to say
    every = await run_text(ctx, "/ledger 2")
    assert every.text == "LMArena text: HOLDS in 2024-04 (3 holds, 1 broken, 0 tied of 4 months)"
    laws = await run_text(ctx, "/laws")
    assert "1 holds" in laws.fields[1].value
    assert "1 broken" in laws.fields[0].value


async def test_text_past_the_cap_is_refused_before_it_is_parsed(ctx: Context) -> None:
    from handlers.commands.registry import MAX_TEXT

    # An unclosed quote would be a parse error: the length is checked first.
    for line in ['/law "' + "2" * MAX_TEXT, "/top " + "x" * 900_000]:
        reply = await run_text(ctx, line)
        assert reply.tone is Tone.ERROR
        assert reply.text.startswith(f"That is too long: at most {MAX_TEXT:,} characters")
        assert len(reply.text) < 300


async def test_errors_echo_only_a_short_excerpt_of_user_input(ctx: Context) -> None:
    from handlers.commands.registry import MAX_TEXT

    long_word = "y" * (MAX_TEXT - 10)
    for line in [
        f"/law {long_word}",
        f"/top {long_word}",
        f"/help {long_word}",
        f"/{long_word}",
        f"/counterexample-show {long_word}",
        f"/counterexamples 1 {long_word}",
    ]:
        reply = await run_text(ctx, line)
        assert reply.tone is Tone.ERROR
        assert len(reply.text) < 400, line[:20]
    bad = await run_command(ctx, "law", {"law": long_word})
    assert len(bad.text) < 400
