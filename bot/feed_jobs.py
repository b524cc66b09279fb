"""Polling on a schedule: one APScheduler interval job per enabled live leaderboard, each
running `poll` with the hook the runtime passes (the announcement outbox)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.base import BaseScheduler

from bot.config import Config
from feeds.fetcher import Fetcher
from feeds.poll import OnStored, PollOutcome, poll
from feeds.registry import SOURCES, Source
from storage import Storage

log = logging.getLogger(__name__)


def live_sources(config: Config) -> list[Source]:
    """The leaderboards that are enabled in the config and have a live endpoint."""
    return [s for s in SOURCES.values()
            if s.urls and config.leaderboard(s.leaderboard).enabled]


def schedule_polls(scheduler: BaseScheduler, storage: Storage, fetcher: Fetcher,
                   config: Config, on_stored: OnStored | None = None) -> list[str]:
    """Add one job per live source (id `poll:<leaderboard>`), first run at once; the ids."""
    ids = []
    for source in live_sources(config):
        job_id = f"poll:{source.leaderboard}"
        scheduler.add_job(poll_and_log, "interval", args=(storage, fetcher, source, on_stored),
                          minutes=config.leaderboard(source.leaderboard).poll_minutes,
                          id=job_id, replace_existing=True, max_instances=1, coalesce=True,
                          next_run_time=datetime.now(UTC))
        ids.append(job_id)
    return ids


async def poll_and_log(storage: Storage, fetcher: Fetcher, source: Source,
                       on_stored: OnStored | None) -> PollOutcome:
    outcome = await poll(storage, fetcher, source, datetime.now(UTC), on_stored)
    if outcome.status == "error":
        log.warning("feed %s: %s", source.leaderboard, outcome.error)
    else:
        log.info("feed %s: %s %s", source.leaderboard, outcome.status, outcome.detail)
    return outcome
