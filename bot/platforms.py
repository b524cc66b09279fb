"""Which platforms `main.py run` starts, from the platform table, the config and the
secrets alone: this module imports no platform library, so deciding costs nothing and a
platform that is not configured is never imported (discord.py and slack-bolt are ~16 MiB of
the process)."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.adapter import Adapter
from bot.config import Config, Secrets
from bot.platform_table import PLATFORMS, Platform, deliverer_of, platform_named
from handlers.delivery import Deliverer

if TYPE_CHECKING:
    from handlers.context import Services


class StartedLater:
    """A platform's adapter, built (its library imported) only when the runtime starts it:
    after the bundled history and the ledger recompute at start, whose freed memory then
    holds the library instead of the library adding to their peak (discord.py and
    slack-bolt are ~16 MiB together)."""

    def __init__(self, name: str, build: Callable[[], Adapter]) -> None:
        self.name = name
        self._build = build
        self._adapter: Adapter | None = None

    @property
    def deliverer(self) -> Deliverer | None:
        """The adapter's deliverer once it runs and has one (see `deliverer_of`)."""
        return deliverer_of(self._adapter)

    async def run(self, services: Services) -> None:
        """Build the adapter (importing its library), then run it."""
        self._adapter = self._build()
        await self._adapter.run(services)


def adapters_to_run(config: Config, secrets: Secrets) -> list[Adapter]:
    """The adapters `main.py run` starts, in the platform table's order: each platform not
    switched off whose secrets are set, then the console when it is "on", or "auto" and no
    other platform starts."""
    adapters: list[Adapter] = [
        StartedLater(platform.name, functools.partial(build, platform, config, secrets))
        for platform in PLATFORMS
        if not platform.local and wanted(platform, config, secrets)
    ]
    for platform in PLATFORMS:
        mode = config.platforms.modes[platform.name]
        if platform.local and (mode == "on" or (mode == "auto" and not adapters)):
            adapters.append(build(platform, config, secrets))
    return adapters


def only_local(adapters: list[Adapter]) -> bool:
    """Whether only the console runs (the bot then ends with its input, as `main.py console`
    does)."""
    return bool(adapters) and all(platform_named(a.name).local for a in adapters)


def wanted(platform: Platform, config: Config, secrets: Secrets) -> bool:
    """Whether `main.py run` starts this platform: not switched off, and the secrets it
    needs are in the environment."""
    return config.platforms.modes[platform.name] != "off" and platform.can_start(
        _settings(platform, config), secrets
    )


def incomplete(config: Config, secrets: Secrets) -> str | None:
    """What is missing when some of a platform's variables are set but not all that it
    needs (so `main.py run` says so instead of quietly starting without it), else None."""
    for platform in PLATFORMS:
        if (
            platform.incomplete is None
            or config.platforms.modes[platform.name] == "off"
            or not any(name in secrets for name in platform.variables)
            or wanted(platform, config, secrets)
        ):
            continue
        return platform.incomplete(_settings(platform, config), secrets)
    return None


def build(platform: Platform, config: Config, secrets: Secrets) -> Adapter:
    """Import the platform's adapter module (its library with it) and build its adapter
    from its own settings and its own secrets."""
    module, _, factory = platform.factory.partition(":")
    own = secrets.only(platform.variables)
    adapter: Adapter = getattr(importlib.import_module(module), factory)(
        _settings(platform, config), own
    )
    return adapter


def _settings(platform: Platform, config: Config) -> object:
    return None if platform.settings is None else config.platforms.sections[platform.name]
