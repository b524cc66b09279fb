"""Scheduled polling: one job per enabled live feed, and a job run stores and logs."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Config, LeaderboardConfig
from bot.feed_jobs import live_sources, poll_and_log, schedule_polls
from feeds import arena
from feeds.fetcher import Fetcher
from feeds.registry import SOURCES, Source
from storage import Storage
from storage.snapshots import snapshot_index
from tests.conftest import FIXTURES
from tests.feeds.conftest import FeedServer, Reply, Sleeps


async def test_one_job_per_enabled_live_feed(config: Config, storage: Storage,
                                             sleeps: Sleeps) -> None:
    config = dataclasses.replace(config, leaderboards={
        "open-llm-v2": LeaderboardConfig(enabled=False),
        "livebench": LeaderboardConfig(poll_minutes=720)})
    scheduler = AsyncIOScheduler()
    async with Fetcher(sleep=sleeps) as fetcher:
        ids = schedule_polls(scheduler, storage, fetcher, config)
    # open-llm-v1 has no live endpoint; open-llm-v2 is disabled.
    assert ids == [f"poll:{s}" for s in SOURCES if s not in {"open-llm-v1", "open-llm-v2"}]
    assert [s.leaderboard for s in live_sources(config)] == [i[5:] for i in ids]
    job = scheduler.get_job("poll:livebench")
    assert job.trigger.interval.total_seconds() == 720 * 60
    assert scheduler.get_job("poll:arena").trigger.interval.total_seconds() == 3600


async def test_a_job_run_polls_and_logs(storage: Storage, feed_server: FeedServer,
                                        sleeps: Sleeps, caplog: pytest.LogCaptureFixture) -> None:
    url = feed_server.serve("/lb.json", Reply(
        body=(FIXTURES / "arena" / "leaderboard-text_2025-12-11.json").read_bytes()))
    broken = feed_server.serve("/down", Reply(404))
    caplog.set_level(logging.INFO, logger="bot.feed_jobs")
    async with Fetcher(sleep=sleeps) as fetcher:
        ok = await poll_and_log(storage, fetcher, Source("arena", "A", (url,), arena.parse),
                                None)
        bad = await poll_and_log(storage, fetcher, Source("arena", "A", (broken,),
                                                          arena.parse), None)
    assert ok.status == "ok" and bad.status == "error"
    assert len(await storage.call(snapshot_index, "arena")) == 3
    assert "feed arena: ok 3 snapshots (3 new)" in caplog.text
    assert "HTTP 404" in caplog.text
