"""Which platforms `main.py run` starts, from the config and the secrets alone: this module
imports no platform library, so deciding costs nothing and a platform that is not
configured is never imported (discord.py and slack-bolt are ~16 MiB of the process)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.config import Config, Secrets

if TYPE_CHECKING:
    from bot.runtime import Adapter
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
    def deliverer(self) -> object | None:
        """The adapter's deliverer once it runs and has one (see `RunningDeliverers`)."""
        return getattr(self._adapter, "deliverer", None)

    async def run(self, services: Services) -> None:
        self._adapter = self._build()
        await self._adapter.run(services)


def slack_wanted(config: Config, secrets: Secrets) -> bool:
    """Whether `main.py run` starts Slack: not switched off, and the secrets its mode
    needs are in the environment."""
    if config.platforms.slack == "off":
        return False
    if config.slack.mode == "socket":
        return bool(secrets.slack_bot_token and secrets.slack_app_token)
    return bool(secrets.slack_signing_secret
                and (secrets.slack_bot_token or many_workspaces(config, secrets)))


def slack_incomplete(config: Config, secrets: Secrets) -> str | None:
    """What is missing when some of Slack's variables are set but not all that its mode
    needs (so `main.py run` says so instead of quietly starting the console), else None."""
    given = {name for name, value in _slack_variables(secrets).items() if value}
    if config.platforms.slack == "off" or not given or slack_wanted(config, secrets):
        return None
    if config.slack.mode == "socket":
        needed = ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]
    elif given & {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"}:
        needed = ["SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"]
    else:
        needed = ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"]
    missing = ", ".join(name for name in needed if name not in given)
    return (f"Slack ([slack] mode = \"{config.slack.mode}\") needs {', '.join(needed)}: "
            f"{', '.join(sorted(given))} set, {missing} missing "
            "(or set platforms.slack = \"off\")")


def _slack_variables(secrets: Secrets) -> dict[str, str | None]:
    return {"SLACK_BOT_TOKEN": secrets.slack_bot_token,
            "SLACK_APP_TOKEN": secrets.slack_app_token,
            "SLACK_SIGNING_SECRET": secrets.slack_signing_secret,
            "SLACK_CLIENT_ID": secrets.slack_client_id,
            "SLACK_CLIENT_SECRET": secrets.slack_client_secret}


def many_workspaces(config: Config, secrets: Secrets) -> bool:
    """The OAuth install flow runs in HTTP mode when the app's client id and secret are set."""
    return (config.slack.mode == "http"
            and bool(secrets.slack_client_id and secrets.slack_client_secret))
