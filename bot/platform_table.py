"""The platform table: every chat platform the bot can serve, one line each. Adding a
platform is its package under bot/ and one line here (README, "Adding a platform").

The config reads this table (the [platforms] keys, each platform's own section, the
environment variables `Secrets` reads, the platforms counterexamples may be reviewed on),
and so does `main.py run` (bot/platforms.py: which adapters start). The table imports no
platform library: an adapter's module is named as "module:factory" and imported only
when that platform starts, as opsdroid's connector loader and errbot's backends do. The
platform packages import nothing above bot/adapter.py (not the config, not this table):
what they need comes as their settings and secrets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.discord import settings as discord
from bot.slack import settings as slack
from handlers.delivery import Deliverer

Wanted = Callable[[Any, Mapping[str, str]], bool]
Incomplete = Callable[[Any, Mapping[str, str]], str]


@dataclass(frozen=True)
class Platform:
    """One chat platform.

    `name`: its key in [platforms], its own config section, its adapter's and outbox's
    platform name. `factory`: "module:callable", called as callable(settings, secrets)
    with its own settings and its own secrets to build the adapter (bot/adapter.py).
    `settings`: the dataclass of its section ([name]), if it has one. `variables`: its
    environment variables (secrets). `wanted(settings, secrets)`: whether the secrets that
    are set let it start (default: all of its variables set). `incomplete(settings,
    secrets)`: what is missing when some of its variables are set but it cannot start
    (`main.py run` then refuses to start instead of quietly running without it). `local`:
    the console: built at once (it imports nothing heavy and prints deliveries from the
    first round), started when no other platform starts ("auto") or always ("on"), and
    when it alone runs, the bot ends with its input.
    """

    name: str
    factory: str
    settings: type | None = None
    variables: tuple[str, ...] = ()
    wanted: Wanted | None = None
    incomplete: Incomplete | None = None
    local: bool = False

    @property
    def modes(self) -> tuple[str, ...]:
        """The values its [platforms] key takes."""
        return ("auto", "on", "off") if self.local else ("auto", "off")

    def can_start(self, settings: Any, secrets: Mapping[str, str]) -> bool:
        """Whether the secrets that are set let it start (its mode aside)."""
        if self.wanted is not None:
            return self.wanted(settings, secrets)
        return all(name in secrets for name in self.variables)


# In the order they start (and are named in the "Lawkeeper started" log line).
PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "slack",
        "bot.slack.app:SlackAdapter",
        slack.SlackConfig,
        slack.VARIABLES,
        wanted=slack.wanted,
        incomplete=slack.incomplete,
    ),
    Platform(
        "discord", "bot.discord.client:discord_adapter", discord.DiscordConfig, discord.VARIABLES
    ),
    Platform("console", "bot.console:console_adapter", local=True),
)


def platform_named(name: str) -> Platform:
    """The platform called `name`; KeyError if there is none."""
    for platform in PLATFORMS:
        if platform.name == name:
            return platform
    raise KeyError(name)


def variables() -> tuple[str, ...]:
    """Every platform's environment variables, in table order."""
    return tuple(name for platform in PLATFORMS for name in platform.variables)


def deliverer_of(adapter: object) -> Deliverer | None:
    """An adapter's deliverer: the adapter itself (the console), or the one it builds once
    it runs (`adapter.deliverer`; None until then)."""
    found = adapter if isinstance(adapter, Deliverer) else getattr(adapter, "deliverer", None)
    return found if isinstance(found, Deliverer) else None


class RunningDeliverers(Mapping[str, Deliverer]):
    """The adapters' deliverers by platform, looked up at each use (see `deliverer_of`)."""

    def __init__(self, adapters: Sequence[object]) -> None:
        self._adapters = adapters

    def _all(self) -> dict[str, Deliverer]:
        found = (deliverer_of(adapter) for adapter in self._adapters)
        return {d.platform: d for d in found if d is not None}

    def __getitem__(self, platform: str) -> Deliverer:
        return self._all()[platform]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())
