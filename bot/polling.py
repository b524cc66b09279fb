"""Polling on a schedule: one APScheduler interval job per enabled live leaderboard, in the
bot's loop (AsyncIOScheduler).

Each job: `max_instances=1` (a slow poll is never doubled), `coalesce=True` (runs missed
while the loop was busy or the machine slept collapse into one), `misfire_grace_time` half
the interval (a run later than that is skipped, and logged), and jitter (a tenth of the
interval, at most 5 minutes) so the feeds do not all fire together. Each run stores the new
snapshots and, in the same transaction, the announcements they reveal (`watch_hook`)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import sqlite_utils
from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobEvent
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Config
from catalog import Catalog
from feeds.limits import MAX_SNAPSHOT_ROWS
from feeds.registry import SOURCES
from feeds.snapshot import Snapshot
from feeds.source import Source
from handlers.poll import OnStored, PollOutcome, poll, record_failure
from handlers.watch import watch_snapshot
from storage import Storage, StorageError

if TYPE_CHECKING:  # built by bot.feeds_cli.fetcher_from, only when feeds are polled
    from feeds.fetcher import Fetcher

log = logging.getLogger(__name__)

JOB_PREFIX = "poll:"
MAX_JITTER_SECONDS = 300
STAGGER_SECONDS = 5  # between the first polls of successive feeds at start


def live_sources(config: Config) -> list[Source]:
    """The enabled leaderboards with a live endpoint (their own, or the configured `url`)."""
    chosen = []
    for source in SOURCES.values():
        settings = config.leaderboard(source.leaderboard)
        if settings.url:
            source = dataclasses.replace(source, urls=(settings.url,))
        if source.urls and settings.enabled:
            chosen.append(source)
    return chosen


def watch_hook(catalog: Catalog, confirm_snapshots: int, title: str) -> OnStored:
    """What `poll` runs inside the transaction that stored each snapshot: detection, and
    the announcement into the outbox. `now` is the poll's (the snapshot's fetch time)."""

    def hook(db: sqlite_utils.Database, snapshot_id: int, snapshot: Snapshot) -> None:
        watch_snapshot(
            db,
            snapshot_id,
            snapshot,
            catalog=catalog,
            confirm_snapshots=confirm_snapshots,
            now=snapshot.fetched_at,
            title=title,
        )

    return hook


OnNew = Callable[[str], Awaitable[None]]


def schedule_polls(
    scheduler: BaseScheduler,
    storage: Storage,
    fetcher: Fetcher,
    config: Config,
    catalog: Catalog,
    on_new: OnNew | None = None,
) -> list[str]:
    """Add one job per live source (id `poll:<leaderboard>`), the first runs at once and
    then a few seconds apart; `on_new(leaderboard)` is awaited after a poll stored
    something. Return the job ids."""
    scheduler.add_listener(_log_skipped, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    now, ids = datetime.now(UTC), []
    for i, source in enumerate(live_sources(config)):
        every = config.leaderboard(source.leaderboard).interval_seconds
        hook = watch_hook(catalog, config.announcements.confirm_snapshots, source.title)
        job_id = JOB_PREFIX + source.leaderboard
        scheduler.add_job(
            poll_and_log,
            IntervalTrigger(seconds=every, jitter=min(every // 10, MAX_JITTER_SECONDS)),
            args=(storage, fetcher, source, hook, on_new),
            kwargs={"max_rows": config.feeds.max_snapshot_rows},
            id=job_id,
            name=f"poll {source.leaderboard}",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=max(every // 2, 1),
            next_run_time=now + timedelta(seconds=min(STAGGER_SECONDS, every) * i),
        )
        ids.append(job_id)
    log.info("polling %s", ", ".join(i[len(JOB_PREFIX) :] for i in ids) or "no feed")
    return ids


def next_poll(scheduler: BaseScheduler, leaderboard: str) -> datetime | None:
    """When a leaderboard is next polled; None when it is not scheduled."""
    job = scheduler.get_job(JOB_PREFIX + leaderboard)
    return job.next_run_time if job is not None else None


async def poll_and_log(
    storage: Storage,
    fetcher: Fetcher,
    source: Source,
    on_stored: OnStored | None,
    on_new: OnNew | None = None,
    *,
    max_rows: int = MAX_SNAPSHOT_ROWS,
) -> PollOutcome | None:
    """One scheduled run. It never raises into APScheduler: any failure (parser, storage,
    database) becomes the feed's last error, one log line (the traceback at DEBUG), and
    the next run goes on as usual."""
    now = datetime.now(UTC)
    try:
        outcome = await poll(storage, fetcher, source, now, on_stored, max_rows=max_rows)
    except asyncio.CancelledError:  # shutting down; what was stored is committed
        log.info("feed %s: poll interrupted by shutdown", source.leaderboard)
        return None
    except Exception as exc:
        log.debug("feed %s: poll failed", source.leaderboard, exc_info=True)
        if isinstance(exc, StorageError) and storage.failure is not None:
            # The database is failing: storage logs that once a minute, /status shows it.
            return PollOutcome(source.leaderboard, "error", error=storage.failure.reason)
        outcome = PollOutcome(
            source.leaderboard, "error", error=f"poll failed ({type(exc).__name__}: {exc})"
        )
        try:
            await record_failure(storage, source.leaderboard, now, outcome.error)
        except Exception:  # the database itself is failing: /status says so
            log.debug("feed %s: could not record the error", source.leaderboard, exc_info=True)
    if outcome.status == "error":
        log.warning("feed %s: %s", source.leaderboard, outcome.error)
    else:
        log.info("feed %s: %s %s", source.leaderboard, outcome.status, outcome.detail)
    if outcome.stored_ids and on_new is not None:
        try:
            await on_new(source.leaderboard)
        except Exception:  # the snapshots are stored; the next poll or start catches up
            log.exception("feed %s: after storing new snapshots", source.leaderboard)
    return outcome


def _log_skipped(event: JobEvent) -> None:
    why = (
        "the previous run is still going"
        if event.code == EVENT_JOB_MAX_INSTANCES
        else "missed by more than the grace time"
    )
    log.warning(
        "%s: the run due at %s was skipped (%s)",
        event.job_id,
        getattr(event, "scheduled_run_time", "?"),
        why,
    )
