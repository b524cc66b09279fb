"""Logging in: a rejected token stops the bot with one line; an unreachable Discord is
retried with backoff, one line per attempt, until it answers."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
import sys
from pathlib import Path

import pytest

from bot.adapter import AdapterError
from bot.discord.client import DiscordAdapter
from bot.discord.settings import DiscordConfig
from handlers.context import Services
from tests.bot.discord.conftest import guild, within
from tests.bot.discord.fake_discord import FakeDiscord
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env

TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake.token-for-tests"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_rejected_token_is_one_line_and_exit_1(fake: FakeDiscord, tmp_path: Path) -> None:
    fake.reject_token = True
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\npath = "{tmp_path / "bot.db"}"\n'
        "[feeds]\npolling = false\n[web]\nport = 0\n"
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
        "WARNING",
        "run",
        cwd=ROOT,
        env=minimal_env(DISCORD_TOKEN=TOKEN),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await within(process.communicate())
    lines = stderr.decode().splitlines()
    assert process.returncode == 1, lines
    assert len(lines) == 1 and lines[0].startswith("lawkeeper: Discord rejected DISCORD_TOKEN")
    assert TOKEN not in lines[0] and stdout == b""


async def test_a_rejected_token_raises_from_the_adapter(
    fake: FakeDiscord, services: Services
) -> None:
    fake.reject_token = True
    adapter = DiscordAdapter(services.config.platforms.settings(DiscordConfig), token="revoked")
    with pytest.raises(AdapterError, match="Discord rejected DISCORD_TOKEN"):
        await within(adapter.run(services))
    assert fake.sessions == 0
    assert adapter.client.is_closed() and adapter.deliverer is None


async def test_an_unreachable_discord_is_retried_one_line_per_attempt(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    port = _free_port()  # nothing listens there until the fake starts below
    later = FakeDiscord()
    later.guilds.append(guild())
    settings = dataclasses.replace(
        services.config.platforms.settings(DiscordConfig),
        api_base_url=f"http://127.0.0.1:{port}/api/v10",
        gateway_url=f"ws://127.0.0.1:{port}/gateway",
    )
    adapter = DiscordAdapter(settings, token="test-token", first_retry=0.05)
    task = asyncio.create_task(adapter.run(services))

    def attempts() -> list[str]:
        return [r.getMessage() for r in caplog.records if "Cannot reach Discord" in r.getMessage()]

    try:
        while len(attempts()) < 3:
            assert not task.done(), task
            await asyncio.sleep(0.02)
        await later.start(port)
        await within(later.identified(1))
        assert adapter.deliverer is not None
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await later.stop()
    found = attempts()
    assert all("\n" not in line for line in found)
    assert [line.split("attempt ")[1].split(")")[0] for line in found[:3]] == ["1", "2", "3"]
    assert "retrying in 0.05 s" in found[0] and "retrying in 0.1 s" in found[1]
    assert not [r for r in caplog.records if r.exc_info or r.exc_text]
