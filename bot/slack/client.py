"""The Web API client: Slack's endpoint (or a compatible local one), 429s retried."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

RATE_LIMIT_RETRIES = 3


def web_client(base_url: str, token: str | None) -> AsyncWebClient:
    """A client for `base_url` that waits out rate limits (429, honouring Retry-After)
    as well as retrying dropped connections (slack_sdk's default)."""
    client = AsyncWebClient(token=token, base_url=base_url)
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client
