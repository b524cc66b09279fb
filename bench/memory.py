"""Memory: the peak RSS (VmHWM) of a real `main.py run` with both adapters connected to
the local fakes (Discord's gateway, Slack's Socket Mode) after it has loaded the bundled
history, recomputed the ledger and answered `/law 2` over Slack; baseline: a bare Python
process importing the same third-party libraries."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

from bench.common import Figure, report, scratch
from tests.bot.bot_process import slash_command_envelope, start_bot
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.slack.fake_slack import start_fake_slack

LIBRARIES = ("aiohttp", "apscheduler.schedulers.asyncio", "discord", "matplotlib.figure",
             "matplotlib.backends.backend_agg", "slack_bolt.async_app",
             "slack_bolt.adapter.socket_mode.aiohttp", "slack_sdk", "sqlite_utils")
READ_HWM = ("import re; print(re.search(r'VmHWM:\\s+(\\d+)', "
            "open('/proc/self/status').read())[1])")
STARTUP_SECONDS = 60


def peak_rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1])


def baseline_kib() -> int:
    code = f"import {', '.join(LIBRARIES)}; {READ_HWM}"
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout)


async def bot_kib(tmp: Path) -> int:
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
        return peak_rss_kib(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await process.communicate()
        if process.returncode != 0:
            print(stderr.decode(), file=sys.stderr)
        await runner.cleanup()
        await discord.stop()


def main() -> None:
    with scratch() as tmp:
        bot = asyncio.run(bot_kib(tmp))
    base = baseline_kib()
    report([Figure("memory", "peak RSS, main.py run (Discord + Slack, /law 2 answered)",
                   bot / 1024, base / 1024, "python importing the same libraries", "MiB")])


if __name__ == "__main__":
    main()
