"""The discord.py client, its command tree and the adapter that runs it in the bot's loop."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands

from bot.adapter import AdapterError
from bot.discord.buttons import ActionButton
from bot.discord.commands import build_commands
from bot.discord.delivery import DiscordDeliverer
from bot.discord.interact import answer_action
from bot.discord.render import NO_MENTIONS
from bot.discord.settings import TOKEN, DiscordConfig
from common.hashing import sha256_hex
from handlers.commands import COMMANDS
from handlers.context import Services
from storage import Storage
from storage.kv import get_value, set_value

log = logging.getLogger(__name__)

SYNC_KEY = "discord.command_sync"
# What a login attempt raises when Discord cannot be reached or is down; it is retried.
UNREACHABLE = (OSError, aiohttp.ClientError, asyncio.TimeoutError, discord.DiscordServerError)
MAX_RETRY = 300.0  # seconds between login attempts, at most


def configure_endpoints(settings: DiscordConfig) -> None:
    """Point discord.py's REST and gateway at the configured URLs. Both are class-level in
    discord.py, so this applies to the whole process (which runs one Discord client)."""
    discord.http.Route.BASE = settings.api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


class _Lawkeeper:
    """What both client classes add: the services, the command tree, persistent buttons
    and command sync at start."""

    tree: app_commands.CommandTree[Any]

    def _init_lawkeeper(self, settings: DiscordConfig) -> None:
        self.settings = settings
        self.services: Services | None = None
        self.tree = app_commands.CommandTree(self)  # type: ignore[arg-type]
        for command in build_commands(COMMANDS.values()):
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(ActionButton)  # type: ignore[attr-defined]
        await sync_commands(self.tree, self.settings, self._storage())

    async def answer_action(
        self, interaction: discord.Interaction[Any], kind: str, target: str, reason: str | None
    ) -> None:
        """What a persistent button (`bot.discord.buttons`) runs when pressed."""
        await answer_action(interaction, kind, target, reason)

    async def on_ready(self) -> None:
        client: discord.Client = self  # type: ignore[assignment]
        user = client.user
        log.info(
            "Discord ready as %s (id %s): %d guild(s), %d shard(s)",
            user,
            user.id if user else "?",
            len(client.guilds),
            client.shard_count or 1,
        )

    def _storage(self) -> Storage:
        if self.services is None:
            raise RuntimeError("DiscordAdapter.run sets the services before the client starts")
        return self.services.storage


class LawkeeperClient(_Lawkeeper, discord.Client):
    def __init__(self, settings: DiscordConfig) -> None:
        super().__init__(intents=_intents(), allowed_mentions=NO_MENTIONS)
        self._init_lawkeeper(settings)


class ShardedLawkeeperClient(_Lawkeeper, discord.AutoShardedClient):
    def __init__(self, settings: DiscordConfig) -> None:
        super().__init__(
            intents=_intents(), allowed_mentions=NO_MENTIONS, shard_count=settings.shard_count
        )
        self._init_lawkeeper(settings)


def _intents() -> discord.Intents:
    """Slash commands, buttons and modals arrive without any intent; `guilds` (not
    privileged) keeps discord.py's guild and channel cache working."""
    return discord.Intents(guilds=True)


def build_client(settings: DiscordConfig) -> LawkeeperClient | ShardedLawkeeperClient:
    """A client sharded by discord.py when `shard_count` is more than 1, else a plain one.
    Called by DiscordAdapter when it is made and again for each login retry (a client that
    failed to log in is closed). Silences discord.py's voice warnings process-wide."""
    # The bot has no voice: discord.py's warnings about missing voice libraries are noise.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    if settings.shard_count > 1:
        return ShardedLawkeeperClient(settings)
    return LawkeeperClient(settings)


def command_payload_hash(
    tree: app_commands.CommandTree[Any], guild: discord.Object | None, application_id: int | None
) -> str:
    """A hash of exactly what a sync would send, and where."""
    payload = [c.to_dict(tree) for c in tree.get_commands(guild=guild)]
    target = {"application": application_id, "guild": guild.id if guild else None}
    body = json.dumps([target, payload], sort_keys=True, separators=(",", ":"))
    return sha256_hex(body)


async def sync_commands(
    tree: app_commands.CommandTree[Any], settings: DiscordConfig, storage: Storage
) -> bool:
    """Sync the commands to the development guild, else globally, only when they changed
    since the last sync (Discord rate-limits syncs; a global one takes a while to show).
    Returns whether it synced."""
    guild = discord.Object(settings.dev_guild_id) if settings.dev_guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    digest = command_payload_hash(tree, guild, tree.client.application_id)
    if await storage.call(get_value, SYNC_KEY) == digest:
        log.info("Discord commands unchanged; not syncing")
        return False
    try:
        synced = await tree.sync(guild=guild)
    except discord.HTTPException as exc:  # serve anyway with the commands Discord has
        log.error(
            "Could not sync the Discord commands (%s %s); will retry at next start",
            exc.status,
            exc.text,
        )
        return False
    except Exception as exc:  # an answer discord.py cannot parse, a dropped connection: same
        log.error(
            "Could not sync the Discord commands (%s: %s); serving the commands Discord "
            "has, will retry at next start",
            type(exc).__name__,
            exc,
        )
        log.debug("The failed sync", exc_info=True)
        return False
    await storage.call(set_value, SYNC_KEY, digest)
    log.info(
        "Synced %d Discord commands %s",
        len(synced),
        f"to guild {guild.id}" if guild else "globally",
    )
    return True


class DiscordAdapter:
    """Runs the client until cancelled. `deliverer` posts announcements once it is running."""

    name = "discord"

    def __init__(self, settings: DiscordConfig, token: str, *, first_retry: float = 2.0) -> None:
        self.settings = settings
        self._token = token
        self._first_retry = first_retry
        self.client = build_client(settings)
        self._deliverer = DiscordDeliverer(self.client)

    @property
    def deliverer(self) -> DiscordDeliverer | None:
        """None until Discord accepted the token (sending needs only REST, not the gateway)
        and after the client closed: a send then fails and would spend the outbox's
        attempts."""
        logged_in = self.client.user is not None and not self.client.is_closed()
        return self._deliverer if logged_in else None

    async def run(self, services: Services) -> None:
        """Log in, retrying with backoff while Discord cannot be reached (once logged in,
        discord.py reconnects by itself), then serve. A rejected token raises AdapterError."""
        configure_endpoints(self.settings)
        for attempt in itertools.count(1):
            if attempt > 1:  # a client that failed to log in is closed: start afresh
                self.client = build_client(self.settings)
                self._deliverer = DiscordDeliverer(self.client)
            self.client.services = services
            async with self.client:
                try:
                    await self.client.login(self._token)
                except discord.LoginFailure:
                    raise AdapterError(
                        "Discord rejected DISCORD_TOKEN: check the bot token in the Developer "
                        "Portal (Bot > Reset Token)"
                    ) from None
                except UNREACHABLE as exc:
                    delay = min(self._first_retry * 2 ** (attempt - 1), MAX_RETRY)
                    log.warning(
                        "Cannot reach Discord (%s); retrying in %g s (attempt %d)",
                        _reason(exc),
                        delay,
                        attempt,
                    )
                else:
                    await self.client.connect()
                    return
            await asyncio.sleep(delay)


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def discord_adapter(settings: DiscordConfig, secrets: Mapping[str, str]) -> DiscordAdapter:
    """The platform table's factory: the adapter for [discord] and DISCORD_TOKEN."""
    return DiscordAdapter(settings, secrets[TOKEN])
