"""A real `main.py run` process with both platforms pointed at the local fakes (Discord's
REST and gateway, Slack's Web API and Socket Mode), every feed switched off. Used by the
secret-handling and chart renderer tests and by bench/memory.py."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from feeds.registry import SOURCES
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.slack.fake_slack import FakeSlack
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env

SECRETS = {
    "DISCORD_TOKEN": "MTEwMDAwMDAwMDAwMDAwMDAwMQ.secret.discord-token-never-logged",
    "SLACK_BOT_TOKEN": "xoxb-secret-slack-bot-token-never-logged",
    "SLACK_APP_TOKEN": "xapp-secret-slack-app-token-never-logged",
    "SLACK_SIGNING_SECRET": "secret-signing-secret-never-logged",
}


def write_config(tmp: Path, discord: FakeDiscord, slack: FakeSlack) -> Path:
    config = tmp / "config.toml"
    feeds_off = "".join(f"[leaderboards.{name}]\nenabled = false\n" for name in SOURCES)
    config.write_text(
        f'[storage]\npath = "{tmp / "bot.db"}"\n'
        f'[discord]\napi_base_url = "{discord.api_base_url}"\n'
        f'gateway_url = "{discord.gateway_url}"\n'
        f'[slack]\nmode = "socket"\napi_base_url = "{slack.api_url}"\n'
        "[web]\nport = 0\n" + feeds_off,
        encoding="utf-8",
    )
    return config


async def start_bot(
    tmp: Path, discord: FakeDiscord, slack: FakeSlack, log_level: str = "INFO"
) -> asyncio.subprocess.Process:
    """Start the bot with SECRETS in its environment; stdout and stderr are pipes."""
    config = write_config(tmp, discord, slack)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "main.py",
        "--config",
        str(config),
        "--log-level",
        log_level,
        "run",
        cwd=ROOT,
        env=minimal_env(**SECRETS),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def slash_command_envelope(slack: FakeSlack, name: str, command: str, text: str) -> dict:
    """A slash command as Slack sends it over Socket Mode; the reply goes to
    response_url `name` on the fake."""
    return {
        "envelope_id": f"env-{name}",
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": {
            "command": command,
            "text": text,
            "user_id": "U1",
            "user_name": "ann",
            "team_id": "T1",
            "channel_id": "C1",
            "api_app_id": "A1",
            "response_url": slack.response_url(name),
            "trigger_id": "t",
        },
    }


def chart_renderers(pid: int) -> list[int]:
    """The process ids of the chart renderers (`python -m laws.charts`) process `pid` runs."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"laws.charts" in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0"):
                found.append(int(child))
    return found
