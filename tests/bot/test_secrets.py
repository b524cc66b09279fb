"""Secrets never reach the output: a real `main.py run` at DEBUG with both platforms
connected to the local fakes and a command answered; no secret value appears anywhere in
what the process printed."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from tests.bot.bot_process import SECRETS, slash_command_envelope, start_bot
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.slack.fake_slack import FakeSlack

STARTUP_SECONDS = 60


async def test_no_secret_is_printed_at_debug_level(
    fakes: tuple[FakeDiscord, FakeSlack], tmp_path: Path
) -> None:
    discord, slack = fakes
    slack.envelopes.append(slash_command_envelope(slack, "law", "/law", "1"))
    process = await start_bot(tmp_path, discord, slack, log_level="DEBUG")
    try:
        async with asyncio.timeout(STARTUP_SECONDS):
            await discord.identified(1)  # IDENTIFY carried DISCORD_TOKEN
            await slack.wait_for(lambda f: [c for c in f.calls if c.path == "/response/law"])
            await slack.wait_for(lambda f: f.of("files.completeUploadExternal"))  # the chart
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), STARTUP_SECONDS)
    output = (stdout + stderr).decode()
    assert process.returncode == 0, output[-2000:]
    # The secrets were used: Slack's socket was opened with the app token.
    assert slack.of("apps.connections.open")[0].token == SECRETS["SLACK_APP_TOKEN"]
    assert {c.token for c in slack.of("files.getUploadURLExternal")} == {SECRETS["SLACK_BOT_TOKEN"]}
    assert "DEBUG" in output and "Lawkeeper started (slack, discord;" in output
    for name, value in SECRETS.items():
        assert value not in output, f"{name} was printed"
        # nor a recognisable piece of it
        assert value[-16:] not in output, f"the end of {name} was printed"
