"""What the outbox needs from a platform adapter to deliver a message to a channel."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from handlers.reply import Reply


class DestinationGone(Exception):
    """The channel can never receive again (deleted, archived, bot removed): the outbox
    disables that subscription instead of retrying."""


@runtime_checkable
class Deliverer(Protocol):
    platform: str

    async def deliver(self, channel_id: str, message: Reply) -> str:
        """Post `message` to the channel; return the platform's message id once the
        platform has confirmed it. Raise DestinationGone, or any other error to retry."""
