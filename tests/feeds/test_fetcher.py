"""The fetcher against a local server: retries, backoff, Retry-After, timeouts, 304."""

from __future__ import annotations

from feeds.fetcher import Fetcher
from tests.feeds.conftest import Sleeps
from tests.feeds.fake_feed_server import FeedServer, Reply


def fetcher(sleeps: Sleeps, **settings) -> Fetcher:
    defaults = {
        "retries": 2,
        "backoff_base_seconds": 0.5,
        "timeout_seconds": 5.0,
        "user_agent": "LawkeeperBot/test (+https://example.org/lawkeeper)",
        "sleep": sleeps,
    }
    return Fetcher(**{**defaults, **settings})


async def test_ok_sends_user_agent_and_returns_validators(
    feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve(
        "/board.json",
        Reply(
            body=b"{}", headers={"ETag": '"v1"', "Last-Modified": "Wed, 11 Dec 2025 10:00:00 GMT"}
        ),
    )
    async with fetcher(sleeps) as f:
        result = await f.fetch(url)
    assert (result.status, result.body, result.etag, result.last_modified) == (
        "ok",
        b"{}",
        '"v1"',
        "Wed, 11 Dec 2025 10:00:00 GMT",
    )
    assert (
        feed_server.requests[0].headers["User-Agent"]
        == "LawkeeperBot/test (+https://example.org/lawkeeper)"
    )
    assert sleeps.waits == []


async def test_500_is_retried_with_exponential_backoff(
    feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/x", Reply(500), Reply(503), Reply(body=b"data"))
    async with fetcher(sleeps) as f:
        result = await f.fetch(url)
    assert result.status == "ok" and result.body == b"data"
    assert len(feed_server.requests) == 3
    # base * 2^attempt plus jitter of up to half of that.
    assert 0.5 <= sleeps.waits[0] <= 0.75 and 1.0 <= sleeps.waits[1] <= 1.5


async def test_persistent_500_gives_up_with_the_reason(
    feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/x", Reply(500))
    async with fetcher(sleeps) as f:
        result = await f.fetch(url)
    assert result.status == "error"
    assert "HTTP 500" in result.error and "after 3 attempts" in result.error
    assert len(feed_server.requests) == 3


async def test_429_honours_retry_after(feed_server: FeedServer, sleeps: Sleeps) -> None:
    url = feed_server.serve("/x", Reply(429, headers={"Retry-After": "7"}), Reply(body=b"ok"))
    async with fetcher(sleeps, max_retry_after_seconds=60) as f:
        result = await f.fetch(url)
    assert result.status == "ok" and sleeps.waits == [7.0]


async def test_retry_after_is_capped(feed_server: FeedServer, sleeps: Sleeps) -> None:
    url = feed_server.serve("/x", Reply(429, headers={"Retry-After": "86400"}), Reply())
    async with fetcher(sleeps, max_retry_after_seconds=30) as f:
        await f.fetch(url)
    assert sleeps.waits == [30]


async def test_404_is_not_retried(feed_server: FeedServer, sleeps: Sleeps) -> None:
    async with fetcher(sleeps) as f:
        result = await f.fetch(feed_server.url("/missing"))
    assert result.status == "error" and result.error == "HTTP 404 Not Found"
    assert len(feed_server.requests) == 1


async def test_timeout_is_an_error_not_an_exception(
    feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/slow", Reply(hang=True))
    async with fetcher(sleeps, timeout_seconds=0.2, retries=1) as f:
        result = await f.fetch(url)
    assert result.status == "error" and "timed out" in result.error
    assert len(feed_server.requests) == 2


async def test_connection_refused_is_an_error(sleeps: Sleeps) -> None:
    async with fetcher(sleeps, retries=0) as f:
        result = await f.fetch("http://127.0.0.1:9/nothing-listens-here")
    assert result.status == "error" and "connection problem" in result.error


async def test_conditional_get_304_is_unchanged(feed_server: FeedServer, sleeps: Sleeps) -> None:
    url = feed_server.serve("/x", Reply(304, headers={"ETag": '"v1"'}))
    async with fetcher(sleeps) as f:
        result = await f.fetch(url, etag='"v1"', last_modified="Wed, 11 Dec 2025 10:00:00 GMT")
    assert result.status == "unchanged" and result.body is None
    sent = feed_server.requests[0].headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Wed, 11 Dec 2025 10:00:00 GMT"


async def test_body_over_the_limit_is_refused(feed_server: FeedServer, sleeps: Sleeps) -> None:
    url = feed_server.serve("/big", Reply(body=b"x" * 5000))
    async with fetcher(sleeps, max_body_bytes=1000) as f:
        result = await f.fetch(url)
    assert result.status == "error" and "larger than 1000 bytes" in result.error


async def test_a_body_equal_to_the_known_one_is_that_object(
    feed_server: FeedServer, sleeps: Sleeps
) -> None:
    # Large enough to arrive in several chunks, each compared where it falls.
    body = bytes(range(256)) * 4096
    known = bytes(bytearray(body))  # equal, but another object than any the server sends
    url = feed_server.serve("/board.json", Reply(body=body))
    async with fetcher(sleeps) as f:
        result = await f.fetch(url, known_body=known)
    assert result.status == "ok" and result.body is known


async def test_a_body_unlike_the_known_one_is_read_in_full(
    feed_server: FeedServer, sleeps: Sleeps
) -> None:
    body = bytes(range(256)) * 4096
    changed_late = body[:-1] + b"!"  # same length, one byte differs at the very end
    variants = {
        "changed at the end": changed_late,
        "known is longer": body + b"more",
        "known is shorter": body[:-10],
        "known is empty": b"",
    }
    url = feed_server.serve("/board.json", Reply(body=body))
    async with fetcher(sleeps) as f:
        for what, known in variants.items():
            result = await f.fetch(url, known_body=known)
            assert result.body == body and result.body is not known, what


async def test_an_empty_body_equal_to_the_known_one(
    feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve("/empty", Reply(body=b""))
    known = b""
    async with fetcher(sleeps) as f:
        result = await f.fetch(url, known_body=known)
    assert result.status == "ok" and result.body == b""


async def test_the_size_limit_holds_while_comparing_with_the_known_body(
    feed_server: FeedServer, sleeps: Sleeps
) -> None:
    body = b"x" * 5000
    url = feed_server.serve("/big", Reply(body=body))
    async with fetcher(sleeps, max_body_bytes=1000) as f:
        result = await f.fetch(url, known_body=body)
    assert result.status == "error" and "larger than 1000 bytes" in result.error
