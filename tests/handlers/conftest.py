"""Fixtures the handlers' tests share with the feeds' tests: the local feed server and the
recorded back-off sleeps (`handlers.poll` fetches through them)."""

from tests.feeds.conftest import feed_server, sleeps

__all__ = ["feed_server", "sleeps"]
