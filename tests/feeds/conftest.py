"""The local feed server (tests/feeds/fake_feed_server.py) as a fixture, and a stand-in
for the fetcher's sleeps."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.feeds.fake_feed_server import FeedServer


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as server:
        yield server


class Sleeps:
    """Stands in for asyncio.sleep in the fetcher: records the waits, waits no time."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
