"""`main.py run` starts the Discord adapter from DISCORD_TOKEN and the [discord] settings,
and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.discord.client import LawkeeperClient, ShardedLawkeeperClient, build_client
from bot.discord.settings import DiscordConfig
from tests.bot.discord.conftest import within
from tests.bot.discord.fake_discord import FakeDiscord
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env

TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake.token-for-tests"


async def test_run_connects_with_the_configured_endpoints(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\npath = "{tmp_path / "bot.db"}"\n'
        "[feeds]\npolling = false\n"  # tests never reach the internet
        "[web]\nport = 0\n"  # any free port: tests run side by side
        f'[discord]\napi_base_url = "{fake.api_base_url}"\n'
        f'gateway_url = "{fake.gateway_url}"\n',
        encoding="utf-8",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "main.py",
        "--config",
        str(config),
        "--log-level",
        "DEBUG",
        "run",
        cwd=ROOT,
        env=minimal_env(DISCORD_TOKEN=TOKEN),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await within(fake.identified(1))
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await within(process.communicate())
    log = stderr.decode()
    assert process.returncode == 0, log
    assert [r.path for r in fake.requests[:3]] == [
        "/users/@me",
        "/oauth2/applications/@me",
        "/applications/1100000000000000001/commands",
    ]
    assert "Lawkeeper started (discord;" in log  # the console stays off
    assert TOKEN not in log and "Traceback" not in log
    assert stdout == b""


def test_more_than_one_shard_uses_the_auto_sharded_client() -> None:
    assert type(build_client(DiscordConfig())) is LawkeeperClient
    sharded = build_client(DiscordConfig(shard_count=2))
    assert isinstance(sharded, ShardedLawkeeperClient)
    assert sharded.shard_count == 2
