import io
import json
import re
from dataclasses import replace

import matplotlib.image

from handlers.actions import run_action
from handlers.commands import run_text
from handlers.context import Context
from handlers.ledger import current_verdicts, record_verdicts
from handlers.reply import Reply, Tone
from laws import Status
from tests.laws.ledger_fixture import fill

PNG = b"\x89PNG\r\n\x1a\n"
# A command line in a chat reply (people in a chat cannot run it).
COMMAND_LINE = re.compile(r"main\.py|--law|--leaderboard|python ")


def _all_text(reply: Reply) -> str:
    return "\n".join(
        [
            reply.title,
            reply.text,
            reply.footer,
            *(f"{f.name}\n{f.value}" for f in reply.fields),
            *(a.label for a in reply.actions),
        ]
    )


async def test_law_2_leads_with_one_sentence_per_main_leaderboard(ctx: Context) -> None:
    await ctx.storage.call(fill)
    reply = await run_text(ctx, "/law 2")
    assert reply.tone is Tone.HOLDS
    assert [(f.name, f.value) for f in reply.fields] == [
        (
            "LMArena text, 2024-09",
            "HOLDS — the best open model by 2024-09 (llama-405b, 1266 ± 4) beats the best "
            "proprietary model released by 2024-03 (gpt-4, 1251 ± 3). Data as of 2024-09-01.",
        )
    ]
    # The open-only board is not a main leaderboard: it is one button (or /ledger 2) away.
    assert reply.footer.startswith(
        "1 more leaderboard category (such as open-llm): the button below, or /ledger 2."
    )
    assert "/law 2 explain" in reply.footer
    [button] = reply.actions
    assert (button.custom_id, button.label) == ("lk:law_scopes:2", "Every leaderboard category")
    (chart,) = reply.attachments
    assert chart.filename == "law-2.png" and chart.data.startswith(PNG)
    assert matplotlib.image.imread(io.BytesIO(chart.data)).shape[:2] == (500, 900)


async def test_law_3_shows_both_parts_in_plain_sizes(ctx: Context) -> None:
    await ctx.storage.call(fill)
    reply = await run_text(ctx, "/law 3")
    by_name = {f.name: f.value for f in reply.fields}
    # 3a on arena: gpt-4 (1.8T, an estimate) is the best until 2024-06; llama-405b (405B,
    # 2024-07-23) matches it within 12 months.
    assert by_name["Law 3a · LMArena text, 2024-06"] == (
        "HOLDS (estimated) — a model of 405B released within 12 months (llama-405b, "
        "released 2024-07-23) matches gpt-4 (1.8T (estimated), the best by 2024-06): "
        "1266 ± 4 vs 1251 ± 3. Data as of 2024-09-01."
    )
    # 3b on arena never decides: an estimate is not a disclosed size.
    assert by_name["Law 3b · LMArena text, 2024-09"] == (
        "UNDETERMINED — the best model by 2024-09 (llama-405b, 405B) vs the best by 2023-09 "
        "(gpt-4, 1.8T (estimated)): size not disclosed: gpt-4. No month decided yet. "
        "Data as of 2024-09-01."
    )
    assert list(by_name) == ["Law 3a · LMArena text, 2024-06", "Law 3b · LMArena text, 2024-09"]
    assert reply.footer.startswith("2 more leaderboard categories (such as open-llm)")
    assert reply.attachments[0].data.startswith(PNG)


def _scoped(db, law, board, category, period, status, evidence=None):
    db.execute(
        "INSERT INTO verdicts (law, leaderboard, category, period, status, evidence, "
        "computed_at, current) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01', 1)",
        [
            law,
            board,
            category,
            period,
            status,
            json.dumps({"snapshot_date": "2025-12-11", **(evidence or {})}),
        ],
    )


async def test_main_leaderboards_lead_in_a_fixed_order(ctx: Context) -> None:
    scopes = [
        ("open-llm-v1", "overall"),
        ("mmlu", "overall"),
        ("arena", "coding"),
        ("helm-lite", "mmlu"),
        ("open-llm-v2", "overall"),
        ("arena", "overall"),
        ("livebench", "overall"),
        ("epoch-eci", "overall"),
        ("arena", "math"),
    ]

    def many(db):
        for board, category in scopes:  # arena coding has the most decided months
            for period in ("2025-10", "2025-11", "2025-12"):
                _scoped(
                    db,
                    "2",
                    board,
                    category,
                    period,
                    "BROKEN"
                    if board == "arena" and category == "coding"
                    else "HOLDS"
                    if period == "2025-10"
                    else "UNDETERMINED",
                )

    await ctx.storage.call(many)
    reply = await run_text(ctx, "/law 2")
    assert [f.name for f in reply.fields] == [
        "LMArena text, 2025-10",
        "Epoch ECI, 2025-10",
        "LiveBench, 2025-10",
        "MMLU, 2025-10",
        "HELM Lite MMLU, 2025-10",
        "Open LLM v2, 2025-10",
        "Open LLM v1, 2025-10",
    ]
    assert reply.footer.startswith(
        "2 more leaderboard categories (such as LMArena coding, LMArena math)"
    )
    # The button and /ledger 2 list every category, the others too, with their data date.
    pressed = await run_action(ctx, "law_scopes", "2")
    assert pressed.ephemeral  # only whoever pressed it sees the long list
    assert replace(pressed, ephemeral=False) == await run_text(ctx, "/ledger 2")
    lines = pressed.text.splitlines()
    assert lines[0] == (
        "LMArena text: HOLDS in 2025-10 (1 holds, 0 broken, 0 tied of 3 "
        "months); data as of 2025-12-11"
    )
    assert (
        "LMArena coding: BROKEN in 2025-12 (0 holds, 3 broken, 0 tied of 3 months); "
        "data as of 2025-12-11"
    ) in lines
    assert any(line.startswith("LMArena math: HOLDS in 2025-10") for line in lines)
    assert len(lines) == len(scopes)


async def test_months_after_the_data_horizon_are_not_shown(ctx: Context) -> None:
    def stale(db):  # an older ledger still holding months after its data ends
        _scoped(db, "2", "arena", "overall", "2025-12", "HOLDS", {"data_as_of": "2025-12-11"})
        _scoped(db, "2", "arena", "overall", "2026-03", "BROKEN", {"data_as_of": "2025-12-11"})

    await ctx.storage.call(stale)
    reply = await run_text(ctx, "/law 2")
    assert reply.fields[0].name == "LMArena text, 2025-12"
    assert reply.fields[0].value == "HOLDS. Data as of 2025-12-11."
    assert reply.tone is Tone.HOLDS


async def test_no_chat_reply_points_at_the_command_line(ctx: Context) -> None:
    await ctx.storage.call(fill)
    replies = [
        await run_text(ctx, line)
        for line in (
            "/law 1",
            "/law 2",
            "/law 3",
            "/law 2 explain",
            "/ledger",
            "/ledger 3",
            "/laws",
        )
    ]
    replies.append(await run_action(ctx, "law_scopes", "3"))
    for reply in replies:
        assert reply.tone is not Tone.ERROR
        assert not COMMAND_LINE.search(_all_text(reply)), reply.title


async def test_every_answer_with_verdicts_says_how_old_its_data_is(ctx: Context) -> None:
    await ctx.storage.call(fill)
    for line in ("/law 1", "/law 2", "/law 3", "/ledger", "/ledger 1", "/laws"):
        reply = await run_text(ctx, line)
        assert re.search(r"[Dd]ata as of 2024-09-01", _all_text(reply)), line


async def test_a_button_for_an_unknown_law_does_nothing(ctx: Context) -> None:
    reply = await run_action(ctx, "law_scopes", "9")
    assert reply.tone is Tone.ERROR


async def test_explain_gives_the_definition_and_settings(ctx: Context) -> None:
    reply = await run_text(ctx, "/law 2 explain")
    assert reply.title == "Law 2: how it is decided"
    assert "released by the end of month t − 6" in reply.fields[0].value
    assert "law2_lag_months = 6" in reply.fields[-1].value
    assert "open_means = 'open_weights'" in reply.fields[-1].value
    bad = await run_text(ctx, "/law 2 why")
    assert bad.tone is Tone.ERROR and "Choose one of explain" in bad.text


async def test_ledger_one_line_per_law_with_its_last_change(ctx: Context) -> None:
    empty = await run_text(ctx, "/ledger")
    assert "No verdicts yet" in empty.text
    await ctx.storage.call(fill)

    def flip(db) -> None:  # a later recomputation that changed one month
        db.execute("UPDATE verdicts SET current = 0 WHERE law = '2' AND period = '2024-09'")
        db.execute(
            "INSERT INTO verdicts (law, leaderboard, category, period, status, "
            "computed_at, reason, previous_status) VALUES ('2', 'arena', 'overall', "
            "'2024-09', 'TIED', '2024-10-01T00:00:00', 'new snapshot', 'HOLDS')"
        )

    await ctx.storage.call(flip)
    reply = await run_text(ctx, "/ledger")
    lines = {f.name: f.value for f in reply.fields}
    assert list(lines) == [
        "Law 1: Better in all measurable ways",
        "Law 2: Open beats the proprietary of six months earlier",
        "Law 3a: Superior and smaller; the best keep growing",
        "Law 3b: Superior and smaller; the best keep growing",
        "Data as of",
    ]
    assert lines["Law 2: Open beats the proprietary of six months earlier"] == (
        "TIED (1 tied of 1 deciding leaderboard categories). Last change 2024-10-01: "
        "LMArena text 2024-09 HOLDS → TIED (new snapshot)"
    )
    assert lines["Law 1: Better in all measurable ways"].startswith("HOLDS")
    assert lines["Law 1: Better in all measurable ways"].endswith("No change since first computed")
    assert lines["Data as of"] == (
        "LMArena: data as of 2024-09-01\nopen-llm: data as of 2024-09-01"
    )


async def test_law_reply_is_kept_until_the_ledger_changes(ctx: Context) -> None:
    await ctx.storage.call(fill)
    first = await run_text(ctx, "/law 2")
    assert await run_text(ctx, "/law 2") is first  # the chart is not drawn again
    [current] = [
        r.verdict
        for r in await ctx.storage.call(current_verdicts, ("2",))
        if (r.verdict.leaderboard, r.verdict.period) == ("arena", "2024-09")
    ]
    assert current.status is Status.HOLDS
    await ctx.storage.call(
        record_verdicts,
        [replace(current, status=Status.BROKEN)],
        ctx.now,
        "test: a verdict changed",
    )
    changed = await run_text(ctx, "/law 2")
    assert changed is not first
    assert changed.fields[0].value.startswith("BROKEN — the best open model by 2024-09")
    assert changed.tone is Tone.BROKEN


async def test_data_as_of_follows_a_new_snapshot_that_changes_no_verdict(ctx: Context) -> None:
    """The verdicts recorded before a snapshot keep their rows when it changes none of
    them; /law still says how old the data is now."""
    from datetime import date

    from storage.snapshots import insert_snapshot, latest_snapshot

    await ctx.storage.call(fill)
    before = _all_text(await run_text(ctx, "/law 2"))
    newest = await ctx.storage.call(latest_snapshot, "arena", "overall")
    moved = replace(
        newest,
        snapshot_date=date(2099, 1, 1),
        entries=tuple(replace(e, score=e.score + 0.001) for e in newest.entries),
    )
    assert await ctx.storage.call(insert_snapshot, moved) is not None
    after = _all_text(await run_text(ctx, "/law 2"))
    assert "Data as of 2099-01-01" not in before
    assert "Data as of 2099-01-01" in after
