"""Button clicks: `kind` → handler. A module with buttons registers its handlers here."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from handlers.context import Context
from handlers.reply import Reply

log = logging.getLogger(__name__)

# handler(ctx, target, reason) -> Reply
ActionHandler = Callable[[Context, str, str | None], Awaitable[Reply]]
ACTIONS: dict[str, ActionHandler] = {}


def parse_custom_id(custom_id: str) -> tuple[str, str] | None:
    """('approve', '12') for 'lk:approve:12'; None for anything that is not ours."""
    prefix, _, rest = custom_id.partition(":")
    kind, _, target = rest.partition(":")
    return (kind, target) if prefix == "lk" and kind and target else None


async def run_action(ctx: Context, kind: str, target: str, reason: str | None = None) -> Reply:
    """Run the button handler registered for `kind` on `target`; every adapter calls it when a
    button is clicked (on the console, when its custom id is typed). An unknown kind (a button
    older than the running code) gets a polite error, and so does a handler that fails, whose
    failure is logged."""
    handler = ACTIONS.get(kind)
    if handler is None:
        return Reply.error("That button no longer does anything.")
    try:
        return await handler(ctx, target, reason)
    except Exception:
        log.exception("action %s:%s failed", kind, target)
        return Reply.error("Something went wrong on my side; it has been logged.")
