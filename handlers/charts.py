"""/law N's chart, drawn in a child process (`python -m laws.charts`): matplotlib and numpy
(~45 MiB and ~0.5 s of imports) never live in the bot's process. A child that fails or takes
too long costs the reply its chart, not the reply: no PNG, and one log line saying why."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from laws import Verdict
from laws.chart_frames import HEADER, PNG, chart_request
from laws.evidence import chart_verdicts

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent  # where `-m laws.charts` is found
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Starting the child (Python, then matplotlib) takes ~0.7 s and drawing ~0.3 s; far more on
# a busy machine.
CHART_TIMEOUT_SECONDS = 30.0
RENDERER = (sys.executable, "-m", "laws.charts")
STDERR_KEPT = 4096  # bytes of the child's last output on stderr, for the log line


class ChartRenderer:
    """Draws charts in a child process, one at a time, over its pipes (`laws.chart_frames`).

    Kept (`keep=True`, the running bot's: `bot.runtime`), the child is started once, at
    boot (`start`), and answers every chart until `close`: a chart then costs its drawing,
    not Python and matplotlib starting again (~0.7 s), for ~70 MiB held by the child. A
    child that dies, outlasts the timeout or is interrupted mid-answer is killed; the next
    chart starts another. Not kept (the default, for short-lived callers), each chart has
    its own child, gone once it has answered."""

    def __init__(self, *, keep: bool = False) -> None:
        self.keep = keep
        self._child: asyncio.subprocess.Process | None = None
        self._stderr = bytearray()  # the child's last STDERR_KEPT bytes on stderr
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    @property
    def pid(self) -> int | None:
        """The running child's process id, None when there is none."""
        child = self._child
        return child.pid if child is not None and child.returncode is None else None

    async def start(self) -> None:
        """Start the child now, so that it has imported matplotlib before the first chart is
        asked for; a child that cannot start is logged (the next chart tries again)."""
        async with self._lock:
            try:
                await self._running()
            except OSError as exc:
                log.warning("chart renderer not started: %s", exc)

    async def draw(self, law: str, verdicts: Sequence[Verdict]) -> bytes | None:
        """The PNG of law `law`'s chart from these verdicts, or None (logged) when the child
        cannot start, fails, or outlasts CHART_TIMEOUT_SECONDS (it is killed). Only the
        verdicts the chart shows (`chart_verdicts`) cross the pipe."""
        request = chart_request(law, chart_verdicts(law, verdicts))
        async with self._lock:
            try:
                return await self._exchange(law, request)
            finally:
                if not self.keep:
                    await self._stop()

    async def close(self) -> None:
        """Let the child finish and exit (its input ends); kill it if it does not."""
        async with self._lock:
            await self._stop()

    async def _exchange(self, law: str, request: bytes) -> bytes | None:
        # A kept child may have died since its last chart: that costs one new child, not
        # the chart. A child started for this request gets one try.
        retry = self.pid is not None
        while True:
            try:
                child = await self._running()
            except OSError as exc:
                log.warning("law %s: chart not drawn: cannot start the renderer: %s", law, exc)
                return None
            try:
                kind, body = await self._ask(child, request)
            except TimeoutError:
                log.warning(
                    "law %s: chart not drawn: the renderer took over %g s",
                    law,
                    CHART_TIMEOUT_SECONDS,
                )
                await self._kill()
                return None
            except (ConnectionError, asyncio.IncompleteReadError):
                await self._kill()
                if retry:
                    retry = False
                    continue
                log.warning(
                    "law %s: chart not drawn: the renderer exited with status %s: %s",
                    law,
                    child.returncode,
                    self._last_error(),
                )
                return None
            except BaseException:  # cancelled mid-answer: the pipe is out of step
                await self._kill()
                raise
            if kind == PNG and body.startswith(PNG_SIGNATURE):
                return body
            reason = body.decode(errors="replace").strip() or "no reason given"
            log.warning("law %s: chart not drawn: the renderer refused: %s", law, reason)
            return None

    @staticmethod
    async def _ask(child: asyncio.subprocess.Process, request: bytes) -> tuple[bytes, bytes]:
        """Send one request frame and read the answer's kind and body, within the timeout."""
        assert child.stdin is not None and child.stdout is not None
        async with asyncio.timeout(CHART_TIMEOUT_SECONDS):
            child.stdin.write(request)
            await child.stdin.drain()
            kind, size = HEADER.unpack(await child.stdout.readexactly(HEADER.size))
            return kind, await child.stdout.readexactly(size)

    async def _running(self) -> asyncio.subprocess.Process:
        """The child, started if there is none (or it has exited). OSError: cannot start."""
        if self._child is None or self._child.returncode is not None:
            await self._kill()
            self._child = await asyncio.create_subprocess_exec(
                *RENDERER,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                cwd=ROOT,
            )
            self._stderr.clear()
            assert self._child.stderr is not None
            self._reader = asyncio.create_task(self._keep_stderr(self._child.stderr))
        return self._child

    async def _keep_stderr(self, stream: asyncio.StreamReader) -> None:
        """Read the child's stderr as it comes (a full pipe would stall it), keeping the end."""
        while chunk := await stream.read(STDERR_KEPT):
            self._stderr += chunk
            del self._stderr[:-STDERR_KEPT]

    def _last_error(self) -> str:
        lines = self._stderr.decode(errors="replace").strip().splitlines()
        return lines[-1] if lines else "no output"

    async def _stop(self) -> None:
        """End the child's input and wait for it to exit (killed after CHART_TIMEOUT_SECONDS)."""
        child = self._child
        if child is None or child.stdin is None:
            return
        with contextlib.suppress(ConnectionError):
            child.stdin.close()
        try:
            async with asyncio.timeout(CHART_TIMEOUT_SECONDS):
                await child.wait()
        except TimeoutError:
            pass
        await self._kill()

    async def _kill(self) -> None:
        """Kill the child if it still runs, and wait until it and its stderr are done."""
        child, reader = self._child, self._reader
        if child is None:
            return
        if child.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
        await child.wait()
        if reader is not None:
            await reader
        self._child = self._reader = None
