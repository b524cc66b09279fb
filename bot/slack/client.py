"""The Web API client: Slack's endpoint (or a compatible local one), 429s retried."""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

RATE_LIMIT_RETRIES = 3
# What a Web API call can fail with: Slack's refusal, or no usable answer at all.
CALL_FAILED = (SlackApiError, aiohttp.ClientError, TimeoutError)


def web_client(base_url: str, token: str | None) -> AsyncWebClient:
    """A client for `base_url` that waits out rate limits (429, honouring Retry-After)
    as well as retrying dropped connections (slack_sdk's default)."""
    return configure(AsyncWebClient(token=token), base_url)


def configure(client: AsyncWebClient, base_url: str) -> AsyncWebClient:
    """Point `client` (ours, or the one bolt built) at `base_url`, rate limits retried."""
    client.base_url = base_url
    client.retry_handlers.append(
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)
    )
    return client


def reason(exc: Exception) -> str:
    """What went wrong with a Web API call, in a few words: Slack's `error` code, else the
    HTTP status (a proxy's HTML page has no `error`), else the exception itself."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        data = getattr(response, "data", None)  # an unparsable body leaves aiohttp's response
        error = data.get("error") if isinstance(data, dict) else None
        status = getattr(response, "status_code", None) or getattr(response, "status", None)
        return str(error) if error else f"HTTP {status} without a Slack error code"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
