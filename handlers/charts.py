"""/law N's chart, drawn in a child process (`python -m laws.charts`): matplotlib and numpy
(~45 MiB and ~0.5 s of imports) never live in the bot's process, and the child's memory is
returned when it exits. A child that fails or takes too long costs the reply its chart,
not the reply: no PNG, and one log line saying why."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from laws import Verdict

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent  # where `-m laws.charts` is found
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Importing matplotlib takes ~0.5 s and drawing ~0.1 s; far more on a busy machine.
CHART_TIMEOUT_SECONDS = 30.0
RENDERER = (sys.executable, "-m", "laws.charts")


async def draw_chart(law: str, verdicts: Sequence[Verdict]) -> bytes | None:
    """The PNG of law `law`'s chart from these verdicts, or None (logged) when the child
    cannot start, fails, or outlasts CHART_TIMEOUT_SECONDS (it is killed)."""
    payload = json.dumps([v.to_dict() for v in verdicts]).encode()
    try:
        child = await asyncio.create_subprocess_exec(
            *RENDERER,
            law,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=ROOT,
        )
    except OSError as exc:
        log.warning("law %s: chart not drawn: cannot start the renderer: %s", law, exc)
        return None
    timeout = CHART_TIMEOUT_SECONDS
    try:
        async with asyncio.timeout(timeout):
            png, stderr = await child.communicate(payload)
    except TimeoutError:
        log.warning("law %s: chart not drawn: the renderer took over %g s", law, timeout)
        return None
    finally:
        if child.returncode is None:  # timed out, or the reply was cancelled
            child.kill()
            await child.wait()
    if child.returncode != 0 or not png.startswith(PNG_SIGNATURE):
        last = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        log.warning(
            "law %s: chart not drawn: the renderer exited with status %s: %s",
            law,
            child.returncode,
            last[0],
        )
        return None
    return png
