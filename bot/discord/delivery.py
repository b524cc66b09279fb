"""Posting a Reply (an announcement) to a channel, for the outbox."""

from __future__ import annotations

import discord

from bot.discord.render import render
from common.hashing import sha256_hex
from handlers.delivery import DestinationGone
from handlers.reply import Reply


class DiscordDeliverer:
    """`handlers.delivery.Deliverer` for Discord. A channel that is gone (404 Unknown
    Channel) or closed to the bot (403 Missing Access: removed, or lost permission) raises
    DestinationGone; other errors propagate so the outbox retries. discord.py waits out
    rate limits and retries 5xx answers itself; each message carries a stable `nonce` so
    no retry, not even after a restart, posts it twice."""

    platform = "discord"

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def deliver(self, channel_id: str, message: Reply) -> str:
        """Post every message `render` makes of `message`, in order, each with its `nonce`;
        return the first one's id. Called by the outbox and for counterexample review notices."""
        channel = self._client.get_partial_messageable(int(channel_id))
        first_id = ""
        try:
            for i, part in enumerate(render(message)):
                sent = await channel.send(**part.arguments(), nonce=nonce(channel_id, message, i))
                first_id = first_id or str(sent.id)
        except (discord.NotFound, discord.Forbidden) as exc:
            raise DestinationGone(f"Discord channel {channel_id}: {exc.status} {exc.text}") from exc
        return first_id


def nonce(channel_id: str, message: Reply, part: int) -> str:
    """The same for the same message part to the same channel. discord.py sends a nonce
    with `enforce_nonce`, so Discord creates a message once per nonce (within a few
    minutes). discord.py's own nonce is random per call, which covers its own retries; this
    one also covers the outbox sending again after a crash between Discord's answer and
    the delivery being marked done."""
    what = repr((channel_id, part, message.title, message.text, message.fields, message.footer))
    return sha256_hex(what)[:25]  # Discord allows 25 characters
