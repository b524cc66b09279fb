"""Posting a Reply (an announcement) to a channel, for the outbox."""

from __future__ import annotations

import discord

from bot.discord.render import render
from handlers.delivery import DestinationGone
from handlers.reply import Reply


class DiscordDeliverer:
    """`handlers.delivery.Deliverer` for Discord. A channel that is gone (404 Unknown
    Channel) or closed to the bot (403 Missing Access: removed, or lost permission) raises
    DestinationGone; other errors propagate so the outbox retries. discord.py waits out
    rate limits itself."""

    platform = "discord"

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def deliver(self, channel_id: str, message: Reply) -> str:
        channel = self._client.get_partial_messageable(int(channel_id))
        first_id = ""
        try:
            for part in render(message):
                sent = await channel.send(**part.arguments())
                first_id = first_id or str(sent.id)
        except (discord.NotFound, discord.Forbidden) as exc:
            raise DestinationGone(f"Discord channel {channel_id}: {exc.status} {exc.text}") \
                from exc
        return first_id
