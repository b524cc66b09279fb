"""The running bot keeps one chart renderer (`python -m laws.charts`) from boot: /law 2's
chart comes from it, and it does not outlive the bot, whether the bot stops cleanly or is
killed."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from tests.bot.bot_process import chart_renderers, slash_command_envelope, start_bot
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.slack.fake_slack import FakeSlack

STARTUP_SECONDS = 60


async def until_gone(pid: int) -> None:
    """Wait until process `pid` has exited (its pidfd turns readable)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    loop = asyncio.get_running_loop()
    gone = asyncio.Event()
    loop.add_reader(fd, gone.set)
    try:
        await gone.wait()
    finally:
        loop.remove_reader(fd)
        os.close(fd)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
async def test_the_bot_keeps_one_renderer_that_goes_with_it(
    fakes: tuple[FakeDiscord, FakeSlack], tmp_path: Path, stop: signal.Signals
) -> None:
    discord, slack = fakes
    slack.envelopes.append(slash_command_envelope(slack, "law", "/law", "2"))
    slack.envelopes.append(slash_command_envelope(slack, "again", "/law", "1"))
    process = await start_bot(tmp_path, discord, slack)
    try:
        async with asyncio.timeout(STARTUP_SECONDS):
            await discord.identified(1)
            await slack.wait_for(lambda f: len(f.of("files.completeUploadExternal")) == 2)
        [renderer] = chart_renderers(process.pid)  # both charts came from the one kept at boot
        process.send_signal(stop)
        await process.communicate()
        async with asyncio.timeout(10):
            await until_gone(renderer)
    finally:
        if process.returncode is None:
            process.kill()
            await process.communicate()
    assert process.returncode == (0 if stop is signal.SIGTERM else -signal.SIGKILL)
