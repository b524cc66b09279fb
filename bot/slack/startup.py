"""A check of Slack's tokens before serving (which variables start Slack, or are missing:
`bot.platforms`). A token Slack refuses stops the bot with one line (retrying cannot cure
it), while Slack out of reach is retried with backoff, one log line per attempt. Without
the check, bolt and the Socket Mode client retry a refused token for ever, with a
traceback every few seconds."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapter import AdapterError
from bot.slack.client import CALL_FAILED, reason

log = logging.getLogger(__name__)

MAX_RETRY = 300.0  # seconds between attempts, at most
# Slack error codes that say "try again later", not "this credential is wrong".
TRANSIENT = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


async def check_credentials(
    client: AsyncWebClient, bot_token: bool, app_token: str | None, first_retry: float
) -> None:
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
            log.warning(
                "Cannot reach Slack (%s); retrying in %g s (attempt %d)",
                reason(exc),
                delay,
                attempt,
            )
        await asyncio.sleep(delay)


async def _call(variable: str, call: Awaitable[object]) -> None:
    try:
        await call
    except SlackApiError as exc:
        why = reason(exc)
        status = getattr(exc.response, "status_code", 0) or 0
        if why in TRANSIENT or status >= 500 or why.startswith("HTTP "):
            raise
        raise AdapterError(
            f"Slack rejected {variable} ({why}): check it in the app's "
            "settings at https://api.slack.com/apps"
        ) from None
