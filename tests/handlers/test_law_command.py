import io
from dataclasses import replace

import matplotlib.image

from handlers.commands import run_text
from handlers.context import Context
from handlers.reply import Tone
from laws import Status
from storage.ledger import current_verdicts, record_verdicts
from tests.laws.ledger_fixture import fill

PNG = b"\x89PNG\r\n\x1a\n"


async def test_law_2_one_line_of_evidence_since_when_and_counts(ctx: Context) -> None:
    await ctx.storage.call(fill)
    reply = await run_text(ctx, "/law 2")
    assert reply.tone is Tone.HOLDS
    assert [f.name for f in reply.fields] == ["arena · overall (law 2)"]
    assert reply.fields[0].value == (
        "HOLDS in 2024-09, since 2024-07. open llama-405b 1266 ± 4 vs proprietary gpt-4 "
        "1251 ± 3, released ≥ 6 months earlier (released 2023-03-14); observed lag 0 months; "
        "arena 2024-09-01. Months: 3 holds, 10 broken, 0 tied.")
    assert "Cannot decide it (every month undetermined): 2: open-llm · overall." in reply.footer
    assert "/law 2 explain" in reply.footer
    (chart,) = reply.attachments
    assert chart.filename == "law-2.png" and chart.data.startswith(PNG)
    assert matplotlib.image.imread(io.BytesIO(chart.data)).shape[:2] == (500, 900)


async def test_law_3_shows_both_parts_with_sizes(ctx: Context) -> None:
    await ctx.storage.call(fill)
    reply = await run_text(ctx, "/law 3")
    by_name = {f.name: f.value for f in reply.fields}
    # 3a on arena: gpt-4 (1800B, an estimate) is the best from 2023-03 to 2024-06.
    # llama-405b (405B, 2024-07-23) matches it, within 12 months of 2023-07 .. 2024-06
    # (HOLDS, estimated: 12 months); for 2023-03 .. 2023-06 the window closed first
    # (BROKEN: 4 months); from 2024-07 llama-405b is the best and its window is open.
    assert by_name["arena · overall (law 3a)"] == (
        "HOLDS (estimated) in 2024-06, since 2023-07. llama-405b 1266 ± 4 (405B, released "
        "2024-07-23) matches best gpt-4 (1800B (estimated), released 2023-03-14) 1251 ± 3; "
        "arena 2024-09-01. Months: 12 holds, 4 broken, 0 tied.")
    # 3a on the open-only board (from 2023-07, its first release): llama-70b is the best
    # until mixtral (47B total, 13B active) beats it with fewer total parameters in 2023-12;
    # from then mixtral is the best and its window is still open.
    assert by_name["open-llm · overall (law 3a)"] == (
        "HOLDS in 2023-11, since 2023-07. mixtral 70.6 (47B, 13B active, released 2023-12-11) "
        "matches best llama-70b (70B, released 2023-07-18) 68.9; open-llm 2024-09-01. "
        "Months: 5 holds, 0 broken, 0 tied.")
    assert reply.attachments[0].data.startswith(PNG)


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
        db.execute("INSERT INTO verdicts (law, leaderboard, category, period, status, "
                   "computed_at, reason, previous_status) VALUES ('2', 'arena', 'overall', "
                   "'2024-09', 'TIED', '2024-10-01T00:00:00', 'new snapshot', 'HOLDS')")

    await ctx.storage.call(flip)
    reply = await run_text(ctx, "/ledger")
    lines = {f.name: f.value for f in reply.fields}
    assert list(lines) == ["Law 1: Better in all measurable ways",
                           "Law 2: Open beats the proprietary of six months earlier",
                           "Law 3a: Superior and smaller; the best keep growing",
                           "Law 3b: Superior and smaller; the best keep growing"]
    assert lines["Law 2: Open beats the proprietary of six months earlier"] == (
        "TIED (1 tied of 1 deciding leaderboard categories). Last change 2024-10-01: "
        "arena · overall 2024-09 HOLDS → TIED (new snapshot)")
    assert lines["Law 1: Better in all measurable ways"].startswith("HOLDS")
    assert lines["Law 1: Better in all measurable ways"].endswith(
        "No change since first computed")


async def test_law_reply_is_kept_until_the_ledger_changes(ctx: Context) -> None:
    await ctx.storage.call(fill)
    first = await run_text(ctx, "/law 2")
    assert await run_text(ctx, "/law 2") is first  # the chart is not drawn again
    [current] = [r.verdict for r in await ctx.storage.call(current_verdicts, ("2",))
                 if (r.verdict.leaderboard, r.verdict.period) == ("arena", "2024-09")]
    assert current.status is Status.HOLDS
    await ctx.storage.call(record_verdicts, [replace(current, status=Status.BROKEN)],
                           ctx.now, "test: a verdict changed")
    changed = await run_text(ctx, "/law 2")
    assert changed is not first
    assert changed.fields[0].value.startswith("BROKEN in 2024-09")
    assert changed.tone is Tone.BROKEN
