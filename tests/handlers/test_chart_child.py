"""/law N's chart comes from a child process (`python -m laws.charts`); when the child
fails or hangs, the reply goes without its chart and a log line says why."""

import io
import logging
import sys

import matplotlib.image
import pytest

from handlers import charts
from handlers.charts import draw_chart
from handlers.commands import run_text
from handlers.context import Context
from laws import Status, Verdict
from tests.laws.ledger_fixture import fill

PNG = b"\x89PNG\r\n\x1a\n"


async def test_the_child_draws_the_chart_from_the_verdicts() -> None:
    verdicts = [
        Verdict("2", "arena", "overall", "2025-05", Status.HOLDS, {"snapshot_date": "2025-06-10"}),
        Verdict("2", "arena", "overall", "2025-06", Status.BROKEN, {"snapshot_date": "2025-06-10"}),
    ]
    png = await draw_chart("2", verdicts)
    assert png is not None and png.startswith(PNG)
    assert matplotlib.image.imread(io.BytesIO(png)).shape[:2] == (500, 900)


async def test_a_failing_child_costs_the_reply_its_chart_until_it_draws_again(
    ctx: Context, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await ctx.storage.call(fill)
    monkeypatch.setattr(
        charts, "RENDERER", (sys.executable, "-c", "import sys; sys.exit('renderer broke')")
    )
    with caplog.at_level(logging.WARNING, logger="handlers.charts"):
        broken = await run_text(ctx, "/law 2")
    assert broken.attachments == ()
    assert broken.fields and broken.title.startswith("Law 2: ")
    assert (
        "law 2: chart not drawn: the renderer exited with status 1: renderer broke" in caplog.text
    )
    # The reply without its chart was not kept: once the child works, the chart is back.
    monkeypatch.undo()
    again = await run_text(ctx, "/law 2")
    assert again.fields == broken.fields
    assert again.attachments[0].data.startswith(PNG)


async def test_a_child_that_hangs_is_killed_after_the_timeout(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(charts, "RENDERER", (sys.executable, "-c", "import time; time.sleep(60)"))
    monkeypatch.setattr(charts, "CHART_TIMEOUT_SECONDS", 0.5)
    with caplog.at_level(logging.WARNING, logger="handlers.charts"):
        assert await draw_chart("1", []) is None
    assert "law 1: chart not drawn: the renderer took over 0.5 s" in caplog.text
