"""What the outbox needs from a platform adapter to deliver a message to a channel."""

from __future__ import annotations

from datetime import datetime
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


@runtime_checkable
class ResumableDeliverer(Deliverer, Protocol):
    """A platform with no idempotency key of its own (Slack): the outbox hands it a key
    for the delivery to mark its messages with, and says when its first attempt began."""

    async def deliver_once(
        self, channel_id: str, message: Reply, key: str, earlier_attempt: datetime | None
    ) -> str:
        """`deliver`, marking what is posted with `key`; when an earlier attempt began
        (`earlier_attempt`, the first one: any since may have posted), first look for
        messages marked with `key` since then and post only what is missing. Return the
        first message's id."""
