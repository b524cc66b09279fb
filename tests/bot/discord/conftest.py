"""A running Discord adapter against the local fake Discord, and interaction payloads in
Discord's shapes."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, datetime
from typing import Any, TypeVar

import discord
import pytest

from bot.config import Config
from bot.discord.client import DiscordAdapter
from bot.discord.settings import DiscordConfig
from catalog import Catalog
from feeds.settings import LeaderboardConfig
from handlers.context import Services
from storage import Storage
from tests.bot.discord.fake_discord import APP_ID, TIMESTAMP, FakeDiscord, Recorded

T = TypeVar("T")

GUILD_ID = "1300000000000000001"
CHANNEL_ID = "1300000000000000002"
MODERATOR_ROLE_ID = "1300000000000000003"
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
_ids = itertools.count(1400000000000000001)


async def within(awaitable: Awaitable[T]) -> T:
    """Fail instead of hanging if the bot never answers (not a speed assertion)."""
    return await asyncio.wait_for(awaitable, timeout=20)


@pytest.fixture(autouse=True)
def _restore_discord_endpoints() -> Any:
    base = discord.http.Route.BASE
    gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE = base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


def guild() -> dict[str, Any]:
    """The test guild as GUILD_CREATE describes it: its roles and one text channel."""
    role = {
        "id": MODERATOR_ROLE_ID,
        "name": "Moderators",
        "permissions": "0",
        "position": 1,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
    }
    everyone = {**role, "id": GUILD_ID, "name": "@everyone", "position": 0}
    return {
        "id": GUILD_ID,
        "name": "Test guild",
        "owner_id": "1",
        "unavailable": False,
        "roles": [everyone, role],
        "emojis": [],
        "stickers": [],
        "features": [],
        "member_count": 2,
        "members": [],
        "voice_states": [],
        "presences": [],
        "threads": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "channels": [
            {
                "id": CHANNEL_ID,
                "type": 0,
                "name": "general",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
            }
        ],
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "premium_tier": 0,
        "system_channel_flags": 0,
        "preferred_locale": "en-US",
        "large": False,
    }


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    server.guilds.append(guild())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def discord_settings(fake: FakeDiscord) -> DiscordConfig:
    return DiscordConfig(
        api_base_url=fake.api_base_url,
        gateway_url=fake.gateway_url,
        moderator_role_id=int(MODERATOR_ROLE_ID),
    )


@pytest.fixture
def bot_config(config: Config, discord_settings: DiscordConfig) -> Config:
    platforms = config.platforms.with_settings(discord_settings)
    return dataclasses.replace(
        config,
        platforms=platforms,
        leaderboards={
            "arena": LeaderboardConfig(enabled=True),
            "artificial_analysis": LeaderboardConfig(enabled=True),
            "open_llm": LeaderboardConfig(enabled=False),
        },
    )


@pytest.fixture
def services(storage: Storage, bot_config: Config) -> Services:
    return Services(
        storage=storage, config=bot_config, started_at=datetime.now(UTC), catalog=Catalog([], {})
    )


@contextlib.asynccontextmanager
async def running(fake: FakeDiscord, services: Services) -> AsyncIterator[DiscordAdapter]:
    """The adapter as main.py runs it, until the block ends."""
    settings = services.config.platforms.settings(DiscordConfig)
    adapter = DiscordAdapter(settings, token="test-token")
    task = asyncio.create_task(adapter.run(services))
    try:
        await within(_first(fake.identified(fake.sessions + 1), task))
        yield adapter
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _first(ready: Awaitable[None], task: asyncio.Task[None]) -> None:
    """Wait for the gateway handshake; surface the adapter's error if it dies first."""
    waiter = asyncio.ensure_future(ready)
    done, _ = await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        waiter.cancel()
        task.result()
        raise AssertionError("the adapter stopped before connecting")


@pytest.fixture
async def bot(fake: FakeDiscord, services: Services) -> AsyncIterator[DiscordAdapter]:
    async with running(fake, services) as adapter:
        yield adapter


def member(
    user_id: str = "1500000000000000001",
    *,
    name: str = "ada",
    permissions: int = 0,
    roles: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "user": {
            "id": user_id,
            "username": name,
            "discriminator": "0",
            "avatar": None,
            "global_name": name.title(),
        },
        "roles": list(roles),
        "permissions": str(permissions),
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "nick": None,
    }


def interaction(
    kind: int,
    data: dict[str, Any],
    *,
    who: dict[str, Any] | None = None,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload in a guild text channel."""
    interaction_id = str(next(_ids))
    payload = {
        "id": interaction_id,
        "application_id": APP_ID,
        "type": kind,
        "token": f"token-{interaction_id}",
        "version": 1,
        "guild_id": GUILD_ID,
        "channel_id": CHANNEL_ID,
        "channel": {
            "id": CHANNEL_ID,
            "type": 0,
            "guild_id": GUILD_ID,
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
        },
        "member": who or member(),
        "app_permissions": "2248473465835073",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 10485760,
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0,
        "data": data,
    }
    if message is not None:
        payload["message"] = message
    return payload


def slash(name: str, /, **options: str) -> dict[str, Any]:
    return {
        "id": "1600000000000000001",
        "name": name,
        "type": 1,
        "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()],
    }


def click(custom_id: str) -> dict[str, Any]:
    return {"custom_id": custom_id, "component_type": 2}


def bot_message(components: list[dict[str, Any]]) -> dict[str, Any]:
    """A message the bot sent earlier (by a previous process: the client never saw it)."""
    return {
        "id": "1700000000000000001",
        "channel_id": CHANNEL_ID,
        "type": 0,
        "content": "",
        "author": {
            "id": APP_ID,
            "username": "Lawkeeper",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
        },
        "embeds": [],
        "attachments": [],
        "components": components,
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "flags": 0,
    }


def modal_submit(custom_id: str, values: dict[str, str]) -> dict[str, Any]:
    return {
        "custom_id": custom_id,
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()
        ],
    }


def token_of(payload: dict[str, Any]) -> str:
    return str(payload["token"])


async def answers(fake: FakeDiscord, payload: dict[str, Any], count: int) -> list[Recorded]:
    """Dispatch an interaction and return the first `count` requests answering it
    (callback, follow-ups, deletions), in order."""
    token = token_of(payload)
    await fake.dispatch("INTERACTION_CREATE", payload)

    def answered(requests: list[Recorded]) -> list[Recorded] | None:
        mine = [r for r in requests if token in r.path]
        return mine[:count] if len(mine) >= count else None

    return await within(fake.wait_for(answered))
