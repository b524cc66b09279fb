"""Scheduled polling: one job per enabled live feed with the scheduling rules, and a job run
that stores, detects and enqueues in one go."""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime

import pytest
from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Config
from bot.polling import (
    _log_skipped,
    live_sources,
    next_poll,
    poll_and_log,
    schedule_polls,
    watch_hook,
)
from catalog import Catalog
from feeds import arena
from feeds.fetcher import Fetcher
from feeds.registry import SOURCES
from feeds.settings import LeaderboardConfig
from feeds.source import Source
from storage import Storage
from storage.feeds import feed_state
from storage.snapshots import snapshot_index
from tests.conftest import FIXTURES
from tests.feeds.conftest import Sleeps
from tests.feeds.fake_feed_server import FeedServer, Reply, arena_rows

NO_CATALOG = Catalog([], {})


async def test_one_job_per_enabled_live_feed(
    config: Config, storage: Storage, sleeps: Sleeps
) -> None:
    config = dataclasses.replace(
        config,
        leaderboards={
            "open-llm-v2": LeaderboardConfig(enabled=False),
            "livebench": LeaderboardConfig(poll_minutes=720),
        },
    )
    scheduler = AsyncIOScheduler()
    async with Fetcher(sleep=sleeps) as fetcher:
        ids = schedule_polls(scheduler, storage, fetcher, config, NO_CATALOG)
    # open-llm-v1 has no live endpoint; open-llm-v2 is disabled.
    assert ids == [f"poll:{s}" for s in SOURCES if s not in {"open-llm-v1", "open-llm-v2"}]
    assert [s.leaderboard for s in live_sources(config)] == [i[5:] for i in ids]
    job = scheduler.get_job("poll:livebench")
    assert job.trigger.interval.total_seconds() == 720 * 60
    assert job.trigger.jitter == 300  # a tenth of the interval, at most five minutes
    assert job.misfire_grace_time == 360 * 60  # half the interval
    assert job.coalesce is True and job.max_instances == 1
    arena_job = scheduler.get_job("poll:arena")
    assert arena_job.trigger.interval.total_seconds() == 3600
    assert arena_job.trigger.jitter == 300 and arena_job.misfire_grace_time == 1800
    # First runs are staggered so the feeds do not fire together.
    firsts = [scheduler.get_job(i).next_run_time for i in ids]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    assert next_poll(scheduler, "arena") == arena_job.next_run_time
    assert next_poll(scheduler, "open-llm-v2") is None


async def test_poll_seconds_and_url_override(
    config: Config, storage: Storage, sleeps: Sleeps
) -> None:
    config = dataclasses.replace(
        config,
        leaderboards={
            "arena": LeaderboardConfig(poll_seconds=2, url="http://127.0.0.1:1/a.json"),
            "open-llm-v1": LeaderboardConfig(url="http://127.0.0.1:1/v1.csv"),
        },
    )
    assert [s.urls for s in live_sources(config) if s.leaderboard in {"arena", "open-llm-v1"}] == [
        ("http://127.0.0.1:1/a.json",),
        ("http://127.0.0.1:1/v1.csv",),
    ]
    scheduler = AsyncIOScheduler()
    async with Fetcher(sleep=sleeps) as fetcher:
        schedule_polls(scheduler, storage, fetcher, config, NO_CATALOG)
    job = scheduler.get_job("poll:arena")
    assert job.trigger.interval.total_seconds() == 2
    assert (job.trigger.jitter, job.misfire_grace_time) == (0, 1)


def test_missed_runs_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="bot.polling")
    when = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    _log_skipped(JobExecutionEvent(EVENT_JOB_MISSED, "poll:arena", "default", when))
    assert (
        "poll:arena: the run due at 2026-11-26 12:00:00+00:00 was skipped (missed by "
        "more than the grace time)" in caplog.text
    )


async def test_a_job_run_polls_and_logs(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    url = feed_server.serve(
        "/lb.json",
        Reply(body=(FIXTURES / "arena" / "leaderboard-text_2025-12-11.json").read_bytes()),
    )
    broken = feed_server.serve("/down", Reply(404))
    caplog.set_level(logging.INFO, logger="bot.polling")
    woken = []

    async def on_new(leaderboard: str) -> None:
        woken.append(leaderboard)

    async with Fetcher(sleep=sleeps) as fetcher:
        ok = await poll_and_log(
            storage, fetcher, Source("arena", "A", (url,), arena.parse), None, on_new
        )
        bad = await poll_and_log(
            storage, fetcher, Source("arena", "A", (broken,), arena.parse), None, on_new
        )
        again = await poll_and_log(
            storage, fetcher, Source("arena", "A", (url,), arena.parse), None, on_new
        )
    assert (ok.status, bad.status, again.status) == ("ok", "error", "unchanged")
    assert woken == ["arena"]  # only after a poll that stored something
    assert len(await storage.call(snapshot_index, "arena")) == 3
    assert "feed arena: ok 3 snapshots (3 new)" in caplog.text
    assert "HTTP 404" in caplog.text


async def test_the_hook_enqueues_the_announcement_with_the_snapshot(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps
) -> None:
    url = feed_server.serve(
        "/arena.json",
        Reply(body=arena_rows("2026-01-01", ("a", 1300, 1295, 1305), ("b", 1290, 1285, 1295))),
        Reply(body=arena_rows("2026-01-02", ("b", 1320, 1315, 1325), ("a", 1300, 1295, 1305))),
    )
    source = Source("arena", "LMArena text", (url,), arena.parse)
    hook = watch_hook(NO_CATALOG, 2, source.title)
    async with Fetcher(sleep=sleeps) as fetcher:
        await poll_and_log(storage, fetcher, source, hook)
        await poll_and_log(storage, fetcher, source, hook)
    events = await storage.call(
        lambda db: db.execute(
            "SELECT e.snapshot_id, json_extract(e.payload, '$.title'), "
            "json_extract(e.payload, '$.new.name'), s.snapshot_date FROM outbox_events e "
            "JOIN snapshots s ON s.id = e.snapshot_id"
        ).fetchall()
    )
    assert [tuple(e[1:]) for e in events] == [("LMArena text", "b", "2026-01-02")]


async def test_any_exception_in_a_poll_is_recorded_and_logged_in_one_line(
    storage: Storage, feed_server: FeedServer, sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    url = feed_server.serve(
        "/arena.json", Reply(body=arena_rows("2026-01-01", ("a", 1300, 1295, 1305)))
    )

    def broken_hook(db, snapshot_id, snapshot):
        raise RuntimeError("the outbox table is gone")

    caplog.set_level(logging.DEBUG, logger="bot.polling")
    async with Fetcher(sleep=sleeps) as fetcher:
        outcome = await poll_and_log(
            storage, fetcher, Source("arena", "A", (url,), arena.parse), broken_hook
        )
    assert outcome.status == "error"
    assert outcome.error == "poll failed (RuntimeError: the outbox table is gone)"
    state = await storage.call(feed_state, "arena")
    assert state.last_error == outcome.error and state.last_success_at is None
    assert len(await storage.call(snapshot_index, "arena")) == 0
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in warnings] == [f"feed arena: {outcome.error}"]
    assert not any(r.exc_info for r in warnings)
    assert any((r.exc_info or r.exc_text) and r.levelno == logging.DEBUG for r in caplog.records)
