"""Command sync: to the dev guild or globally, and only when the command set changed."""

from __future__ import annotations

import dataclasses

import pytest

from bot.discord.settings import DiscordConfig
from handlers.commands import COMMANDS, Command
from handlers.context import Context, Services
from handlers.reply import Reply
from storage.kv import get_value
from tests.bot.discord.conftest import GUILD_ID, answers, interaction, running, slash
from tests.bot.discord.fake_discord import APP_ID, FakeDiscord

GLOBAL = f"/applications/{APP_ID}/commands"


async def ping(ctx: Context) -> Reply:
    return Reply(title="pong")


async def test_sync_happens_once_then_only_when_commands_change(
    fake: FakeDiscord, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(fake, services):
        pass
    [first] = fake.calls("PUT", GLOBAL)
    assert [c["name"] for c in first.json] == list(COMMANDS)
    assert await services.storage.call(get_value, "discord.command_sync")

    async with running(fake, services):  # a restart with the same commands
        pass
    assert len(fake.calls("PUT", GLOBAL)) == 1
    assert len(fake.calls("GET", "/users/@me")) == 2  # it did start twice

    monkeypatch.setitem(COMMANDS, "ping", Command("ping", "Answers pong", (), ping))
    async with running(fake, services):
        pass
    second = fake.calls("PUT", GLOBAL)[1]
    assert [c["name"] for c in second.json] == [*(c["name"] for c in first.json), "ping"]


async def test_dev_guild_gets_the_commands_instantly(fake: FakeDiscord, services: Services) -> None:
    platforms = services.config.platforms
    settings = dataclasses.replace(platforms.settings(DiscordConfig), dev_guild_id=int(GUILD_ID))
    in_guild = dataclasses.replace(
        services,
        config=dataclasses.replace(services.config, platforms=platforms.with_settings(settings)),
    )
    async with running(fake, in_guild):
        pass
    assert fake.calls("PUT", GLOBAL) == []
    [sync] = fake.calls("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    assert [c["name"] for c in sync.json] == list(COMMANDS)

    async with running(fake, services):  # switching to global sync is a change too
        pass
    assert len(fake.calls("PUT", GLOBAL)) == 1


async def test_a_failed_sync_is_logged_served_anyway_and_retried(
    fake: FakeDiscord, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_sync = True
    async with running(fake, services):  # it still connects to the gateway
        pass
    assert "Could not sync the Discord commands (503 Service Unavailable)" in caplog.text
    assert await services.storage.call(get_value, "discord.command_sync") is None

    fake.fail_sync = False
    async with running(fake, services):
        pass
    assert len(fake.calls("PUT", GLOBAL)) == 2
    assert await services.storage.call(get_value, "discord.command_sync")


async def test_a_malformed_sync_answer_is_logged_and_the_bot_serves_on(
    fake: FakeDiscord, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    fake.malformed_sync = True  # discord.py's parser raises KeyError on it
    async with running(fake, services):
        deferral, answer = await answers(fake, interaction(2, slash("help")), 2)
    assert deferral.json["type"] == 5 and answer.json["embeds"]  # commands still answer
    [line] = [r for r in caplog.records if "Could not sync" in r.getMessage()]
    assert "Could not sync the Discord commands (KeyError: 'id')" in line.getMessage()
    assert line.exc_info is None
    assert await services.storage.call(get_value, "discord.command_sync") is None
