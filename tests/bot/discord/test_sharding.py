"""shard_count > 1: discord.py's AutoShardedClient connects every shard to the configured
gateway, and commands still arrive through the tree."""

from __future__ import annotations

import dataclasses

from bot.discord.client import ShardedLawkeeperClient
from bot.discord.settings import DiscordConfig
from handlers.context import Services
from tests.bot.discord.conftest import answers, interaction, running, slash, within
from tests.bot.discord.fake_discord import FakeDiscord


async def test_two_shards_identify_and_serve_commands(
    fake: FakeDiscord, services: Services
) -> None:
    platforms = services.config.platforms
    settings = dataclasses.replace(platforms.settings(DiscordConfig), shard_count=2)
    sharded = dataclasses.replace(
        services,
        config=dataclasses.replace(services.config, platforms=platforms.with_settings(settings)),
    )
    async with running(fake, sharded) as adapter:
        assert isinstance(adapter.client, ShardedLawkeeperClient)
        await within(fake.identified(2))
        assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
        assert {i["token"] for i in fake.identifies} == {"test-token"}
        callback, follow_up = await answers(fake, interaction(2, slash("laws")), 2)
        assert callback.json == {"type": 5}
        assert follow_up.json["embeds"][0]["title"] == (
            "The three laws of generative-AI model evolution"
        )
