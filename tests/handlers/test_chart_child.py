"""/law N's chart comes from a child process (`python -m laws.charts`), kept by the running
bot; when the child fails, hangs or dies, the reply goes without its chart and a log line
says why, and the next chart gets a new child."""

import asyncio
import io
import logging
import os
import re
import signal
import sys

import matplotlib.image
import pytest

from handlers import charts
from handlers.charts import ChartRenderer
from handlers.commands import run_text
from handlers.context import Context
from laws import Status, Verdict
from tests.laws.ledger_fixture import fill

PNG = b"\x89PNG\r\n\x1a\n"
VERDICTS = [
    Verdict("2", "arena", "overall", "2025-05", Status.HOLDS, {"snapshot_date": "2025-06-10"}),
    Verdict("2", "arena", "overall", "2025-06", Status.BROKEN, {"snapshot_date": "2025-06-10"}),
]


def alive(pid: int) -> bool:
    """Whether process `pid` exists and has not exited (a zombie has)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


async def test_a_kept_child_draws_every_chart_until_closed() -> None:
    renderer = ChartRenderer(keep=True)
    await renderer.start()
    pid = renderer.pid
    assert pid is not None and alive(pid)
    try:
        first = await renderer.draw("2", VERDICTS)
        again = await renderer.draw("1", [])
    finally:
        await renderer.close()
    assert first is not None and first.startswith(PNG)
    assert matplotlib.image.imread(io.BytesIO(first)).shape[:2] == (500, 900)
    assert again is not None and again.startswith(PNG) and again != first
    assert renderer.pid is None and not alive(pid)


async def test_a_child_not_kept_is_gone_once_it_has_answered() -> None:
    renderer = ChartRenderer()
    png = await renderer.draw("2", VERDICTS)
    assert png is not None and png.startswith(PNG)
    assert renderer.pid is None


async def test_a_kept_child_that_died_is_replaced_without_losing_the_chart(
    caplog: pytest.LogCaptureFixture,
) -> None:
    renderer = ChartRenderer(keep=True)
    await renderer.start()
    first = renderer.pid
    assert first is not None
    try:
        os.kill(first, signal.SIGKILL)  # between charts, unnoticed yet
        with caplog.at_level(logging.WARNING, logger="handlers.charts"):
            png = await renderer.draw("2", VERDICTS)
        assert png is not None and png.startswith(PNG)
        assert renderer.pid not in (None, first)
        assert "chart not drawn" not in caplog.text
    finally:
        await renderer.close()


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
    # The status is 1, or 255 when asyncio's child watcher finds the process reaped already
    # (another test's subprocess clean-up can win that race in a full run).
    assert re.search(
        r"law 2: chart not drawn: the renderer exited with status (1|255): renderer broke",
        caplog.text,
    )
    # The reply without its chart was not kept: once the child works, the chart is back.
    monkeypatch.undo()
    again = await run_text(ctx, "/law 2")
    assert again.fields == broken.fields
    assert again.attachments[0].data.startswith(PNG)


async def test_a_refused_request_costs_its_chart_and_the_child_draws_the_next(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A verdict the child cannot read (a status it does not know) crosses the pipe.
    odd = Verdict("2", "arena", "overall", "2025-06", Status.HOLDS, {})
    monkeypatch.setattr(
        charts, "chart_request", _with_status(charts.chart_request, "MAYBE"), raising=True
    )
    renderer = ChartRenderer(keep=True)
    try:
        with caplog.at_level(logging.WARNING, logger="handlers.charts"):
            assert await renderer.draw("2", [odd]) is None
        assert "law 2: chart not drawn: the renderer refused: ValueError:" in caplog.text
        pid = renderer.pid
        monkeypatch.undo()
        png = await renderer.draw("2", VERDICTS)
        assert png is not None and png.startswith(PNG)
        assert renderer.pid == pid  # the same child
    finally:
        await renderer.close()


def _with_status(make, status: str):
    """`chart_request` with every verdict's status replaced by `status` on the wire."""

    def request(law, verdicts):
        body = make(law, verdicts)
        return body.replace(b'"status": "HOLDS"', f'"status": "{status}"'.encode())

    return request


@pytest.mark.parametrize("keep", [False, True])
async def test_a_child_that_hangs_is_killed_after_the_timeout(
    keep: bool, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(charts, "RENDERER", (sys.executable, "-c", "import time; time.sleep(60)"))
    monkeypatch.setattr(charts, "CHART_TIMEOUT_SECONDS", 0.5)
    renderer = ChartRenderer(keep=keep)
    await renderer.start()
    pid = renderer.pid
    assert pid is not None
    try:
        with caplog.at_level(logging.WARNING, logger="handlers.charts"):
            assert await renderer.draw("1", []) is None
        assert "law 1: chart not drawn: the renderer took over 0.5 s" in caplog.text
        assert renderer.pid is None and not alive(pid)
    finally:
        await renderer.close()


async def test_a_reply_cancelled_mid_chart_leaves_no_child_behind() -> None:
    renderer = ChartRenderer(keep=True)
    await renderer.start()
    pid = renderer.pid
    assert pid is not None
    drawing = asyncio.create_task(renderer.draw("2", VERDICTS))
    await asyncio.sleep(0.05)
    drawing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await drawing
    assert renderer.pid is None and not alive(pid)
    try:  # the next chart has a new child
        png = await renderer.draw("2", VERDICTS)
        assert png is not None and png.startswith(PNG)
    finally:
        await renderer.close()
