"""Messages the workflow sends beyond the reply to whoever acted: the review post to the
moderators' channel, the outcome to the submitter. One call site, `send`."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from handlers.context import Context
from handlers.reply import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    platform: str
    channel_id: str
    message: Reply
    user_id: str | None = None  # whom it concerns, for adapters that can message them directly


async def send(ctx: Context, notice: Notice) -> bool:
    """Post through the running adapter of that platform; False (and logged) if it is not
    running or the post fails. What it reports is stored, so nothing is lost: moderators
    find pending submissions with /counterexamples pending."""
    deliverer = ctx.services.deliverers.get(notice.platform)
    if deliverer is None:
        log.warning(
            "no %s adapter running: %r not posted to %s",
            notice.platform,
            notice.message.title,
            notice.channel_id,
        )
        return False
    try:
        await deliverer.deliver(notice.channel_id, notice.message)
    except Exception:
        log.exception(
            "posting %r to %s %s failed", notice.message.title, notice.platform, notice.channel_id
        )
        return False
    return True
