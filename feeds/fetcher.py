"""The one HTTP client of the feeds: one aiohttp session, timeouts, retries with
exponential backoff and jitter, Retry-After, conditional GET, a User-Agent naming the bot.

Retried: connection errors, timeouts, truncated bodies, 429 and 5xx. Not retried: other
4xx, and host names that do not resolve. A 304 answer to a conditional GET is `unchanged`."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType

import aiohttp

from feeds.fetch_result import FetchResult

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "LawkeeperBot/0.1 (+https://github.com/lawkeeper-bot/lawkeeper)"


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Fetcher:
    """`async with Fetcher(...) as fetcher: await fetcher.fetch(url)`."""

    def __init__(
        self,
        *,
        timeout_seconds: float = 30.0,
        connect_timeout_seconds: float = 10.0,
        retries: int = 3,
        backoff_base_seconds: float = 1.0,
        backoff_max_seconds: float = 60.0,
        max_retry_after_seconds: float = 300.0,
        max_body_bytes: int = 64 * 1024 * 1024,
        user_agent: str = DEFAULT_USER_AGENT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.timeout = aiohttp.ClientTimeout(
            total=timeout_seconds, sock_connect=connect_timeout_seconds
        )
        self.retries = retries
        self.backoff_base = backoff_base_seconds
        self.backoff_max = backoff_max_seconds
        self.max_retry_after = max_retry_after_seconds
        self.max_body = max_body_bytes
        self.user_agent = user_agent
        self._sleep = sleep
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        self._session = aiohttp.ClientSession(
            timeout=self.timeout, headers={"User-Agent": self.user_agent}
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        known_body: bytes | None = None,
    ) -> FetchResult:
        """GET `url`; never raises for network or HTTP trouble (status 'error' says why).
        A body equal to `known_body` (the last one the caller read) comes back as that very
        object, compared chunk by chunk as it arrives: most feeds send no validators, and
        an unchanged body is then neither joined into a new copy nor compared again."""
        if self._session is None:
            raise RuntimeError("use the Fetcher as `async with Fetcher() as fetcher`")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return await self._once(url, headers, known_body)
            except _Retryable as exc:
                if attempt >= self.retries:
                    return FetchResult("error", error=f"{exc} (after {attempt + 1} attempts)")
                delay = self._delay(attempt, exc.retry_after)
                log.info("fetch %s: %s; retrying in %.1fs", url, exc, delay)
                attempt += 1
                await self._sleep(delay)
            except aiohttp.ClientError as exc:
                return FetchResult("error", error=f"request failed: {exc}")

    async def _once(
        self, url: str, headers: dict[str, str], known_body: bytes | None
    ) -> FetchResult:
        assert self._session is not None
        try:
            async with self._session.get(url, headers=headers) as response:
                if response.status == 304:
                    return FetchResult(
                        "unchanged",
                        etag=response.headers.get("ETag"),
                        last_modified=response.headers.get("Last-Modified"),
                    )
                if response.status == 429 or response.status >= 500:
                    raise _Retryable(
                        f"HTTP {response.status} {response.reason}",
                        _retry_after(response.headers.get("Retry-After")),
                    )
                if response.status >= 400:
                    return FetchResult("error", error=f"HTTP {response.status} {response.reason}")
                body = await self._read(response, known_body)
                if body is None:
                    return FetchResult("error", error=f"body larger than {self.max_body} bytes")
                return FetchResult(
                    "ok",
                    body=body,
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except TimeoutError:
            raise _Retryable("timed out") from None
        except aiohttp.ClientConnectorDNSError as exc:
            # Offline or a wrong host name: retrying within seconds will not help.
            return FetchResult("error", error=f"cannot resolve host: {exc}")
        except (
            aiohttp.ClientPayloadError,
            aiohttp.ServerDisconnectedError,
            aiohttp.ClientConnectionError,
        ) as exc:
            raise _Retryable(f"connection problem: {exc or type(exc).__name__}") from None

    async def _read(self, response: aiohttp.ClientResponse, known: bytes | None) -> bytes | None:
        """The body (`known` itself when equal to it), or None when it exceeds
        `max_body_bytes`. Chunks come as the connection delivers them (no re-slicing)."""
        chunks, size, same, expected = [], 0, known is not None, known or b""
        async for chunk in response.content.iter_any():
            if same and not expected.startswith(chunk, size):
                same = False
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
        if same and size == len(expected):
            return known
        return b"".join(chunks)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        backoff = min(self.backoff_max, self.backoff_base * 2**attempt)
        return backoff + random.uniform(0, backoff / 2)


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
