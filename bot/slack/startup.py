"""Whether Slack starts, and with which credentials: the variables its mode needs (or
which are missing), then a check of the tokens before serving. A token Slack refuses stops
the bot with one line (retrying cannot cure it), while Slack out of reach is retried with
backoff, one log line per attempt. Without the check, bolt and the Socket Mode client
retry a refused token for ever, with a traceback every few seconds."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Config, Secrets
from bot.runtime import AdapterError
from bot.slack.client import CALL_FAILED, reason

log = logging.getLogger(__name__)

MAX_RETRY = 300.0  # seconds between attempts, at most
# Slack error codes that say "try again later", not "this credential is wrong".
TRANSIENT = frozenset({"ratelimited", "internal_error", "fatal_error",
                       "service_unavailable", "request_timeout"})


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


async def check_credentials(client: AsyncWebClient, bot_token: bool, app_token: str | None,
                            first_retry: float) -> None:
    """auth.test for the bot token (when there is one), apps.connections.open for the
    app-level token (Socket Mode), until Slack answers; AdapterError when it refuses."""
    for attempt in itertools.count(1):
        try:
            if bot_token:
                await _call("SLACK_BOT_TOKEN", client.auth_test())
            if app_token:
                await _call("SLACK_APP_TOKEN", client.apps_connections_open(app_token=app_token))
            return
        except CALL_FAILED as exc:
            delay = min(first_retry * 2 ** (attempt - 1), MAX_RETRY)
            log.warning("Cannot reach Slack (%s); retrying in %g s (attempt %d)",
                        reason(exc), delay, attempt)
        await asyncio.sleep(delay)


async def _call(variable: str, call: Awaitable[object]) -> None:
    try:
        await call
    except SlackApiError as exc:
        why = reason(exc)
        status = getattr(exc.response, "status_code", 0) or 0
        if why in TRANSIENT or status >= 500 or why.startswith("HTTP "):
            raise
        raise AdapterError(f"Slack rejected {variable} ({why}): check it in the app's "
                           "settings at https://api.slack.com/apps") from None
