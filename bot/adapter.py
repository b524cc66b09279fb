"""What a platform's adapter is to the runtime. The platform packages (bot/discord,
bot/slack) and the console import this, never the runtime, the config or the platform
table above them: those import the platforms."""

from __future__ import annotations

from typing import Protocol

from handlers.context import Services


class AdapterError(Exception):
    """An adapter cannot serve at all (its platform rejected the credentials): the bot
    stops, and main.py prints the message as one line and exits 1."""


class Adapter(Protocol):
    """A platform's adapter. Built by its factory in the platform table from its settings
    and its secrets; it delivers announcements through its `deliverer` once connected (or
    is a Deliverer itself, as the console is)."""

    name: str

    async def run(self, services: Services) -> None:
        """Serve until cancelled (a platform) or until its input ends (the console)."""
