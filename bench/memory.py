"""Memory: the peak RSS (VmHWM) of a real `main.py run` with both adapters connected to
the local fakes (Discord's gateway, Slack's Socket Mode) after it has loaded the bundled
history, recomputed the ledger and answered `/law 2` over Slack, with its chart; baseline:
a bare Python process importing the third-party libraries the bot loads, as it loads them
(sqlite-utils without numpy: see `bot/__init__.py`).

The chart is drawn in a child process the bot keeps (`python -m laws.charts`), whose memory
is not the bot's: its peak, read from the same running bot once it has drawn /law 2's chart,
is reported on its own row against a bare Python importing matplotlib."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

from bench.common import Figure, report, scratch
from tests.bot.bot_process import chart_renderers, slash_command_envelope, start_bot
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.slack.fake_slack import start_fake_slack

LIBRARIES = (
    "aiohttp",
    "apscheduler.schedulers.asyncio",
    "discord",
    "slack_bolt.async_app",
    "slack_bolt.adapter.socket_mode.aiohttp",
    "slack_sdk",
    "sqlite_utils",
)
CHART_LIBRARIES = ("matplotlib.figure", "matplotlib.backends.backend_agg")
HIDE_NUMPY = "import sys; sys.modules['numpy'] = None"
READ_HWM = "import re; print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])"
STARTUP_SECONDS = 60
TARGET_BYTES = 120e6  # 120 MB = 114.4 MiB


def peak_rss_kib(pid: int) -> int:
    """A running process's peak RSS so far (VmHWM in /proc/PID/status), in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1])


def imports_kib(modules: tuple[str, ...], before: str = "") -> int:
    """The peak RSS, in KiB, of a fresh Python that runs `before` (e.g. HIDE_NUMPY) and imports
    `modules`, nothing else: a baseline for the bot and for the chart child."""
    code = f"{before + '; ' if before else ''}import {', '.join(modules)}; {READ_HWM}"
    return int(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )


async def bot_kib(tmp: Path) -> tuple[int, int]:
    """The peak RSS, in KiB, of a real `main.py run` (its database in `tmp`) once it has
    identified to the fake Discord gateway and answered /law 2 over Slack Socket Mode with its
    chart uploaded, and that of the chart renderer it keeps; the bot is then stopped with
    SIGTERM, its stderr printed if it exits non-zero."""
    discord = FakeDiscord()
    await discord.start()
    slack, runner = await start_fake_slack()
    slack.envelopes.append(slash_command_envelope(slack, "law", "/law", "2"))
    process = await start_bot(tmp, discord, slack)
    try:
        async with asyncio.timeout(STARTUP_SECONDS):
            await discord.identified(1)
            await slack.wait_for(lambda f: f.of("files.completeUploadExternal"))
        await asyncio.sleep(1)
        [renderer] = chart_renderers(process.pid)
        return peak_rss_kib(process.pid), peak_rss_kib(renderer)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await process.communicate()
        if process.returncode != 0:
            print(stderr.decode(), file=sys.stderr)
        await runner.cleanup()
        await discord.stop()


def main() -> None:
    """The bot's peak RSS (target <= 120 MB) against a bare Python importing its libraries
    without numpy, and the chart child's against a bare Python importing matplotlib, in MiB."""
    with scratch() as tmp:
        bot, child = asyncio.run(bot_kib(tmp))
    base = imports_kib(LIBRARIES, before=HIDE_NUMPY)
    chart_base = imports_kib(CHART_LIBRARIES)
    report(
        [
            Figure(
                "memory",
                "peak RSS, main.py run (Discord + Slack, /law 2 answered)",
                bot / 1024,
                base / 1024,
                "python importing the same libraries",
                "MiB",
                target="<= 120 MB (114.4 MiB)",
                met=bot * 1024 <= TARGET_BYTES,
                note="(its chart drawn in a child process: next row)",
            ),
            Figure(
                "memory",
                "peak RSS of the chart renderer the bot keeps (python -m laws.charts)",
                child / 1024,
                chart_base / 1024,
                "python importing matplotlib",
                "MiB",
            ),
        ]
    )


if __name__ == "__main__":
    main()
