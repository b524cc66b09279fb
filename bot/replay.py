"""`main.py run --replay DIR`: archived leaderboard files replayed in date order as if each
date were a live poll, with detection on, so a year of announcements goes by in the console
in about a minute.

The replay runs on a throw-away in-memory database: replayed "live" snapshots must never
reach the real one (they would pose as polls), and no channel but the console hears them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from itertools import groupby
from pathlib import Path
from typing import TextIO

import sqlite_utils

from bot.config import Config
from bot.console import ConsoleAdapter
from bot.delivery import DeliveryLoop
from bot.polling import watch_hook
from catalog import Catalog, load_catalog
from feeds.errors import FeedError
from feeds.importer import parse_file
from feeds.registry import SOURCES
from feeds.snapshot import Snapshot
from handlers.watch import ledger_to_outbox
from storage import Storage, transaction
from storage.snapshots import insert_snapshot

log = logging.getLogger(__name__)
DEFAULT_SPEED = 6.0  # replayed days per second: a year in about a minute


def read_archive(directory: Path, now: datetime) -> tuple[list[Snapshot], list[str]]:
    """Every snapshot in the files under `directory`, oldest first; and the files that
    could not be read, with why."""
    snapshots, problems = [], []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        try:
            snapshots.extend(parse_file(path, now))
        except FeedError as exc:
            problems.append(str(exc))
    snapshots.sort(key=lambda s: (s.snapshot_date, s.leaderboard, s.category))
    return snapshots, problems


async def replay(
    config: Config, directory: Path, speed: float = DEFAULT_SPEED, out: TextIO | None = None
) -> int:
    """Replay the archive; return the number of messages (announcements and verdict
    changes) delivered."""
    now = datetime.now(UTC)
    snapshots, problems = await asyncio.to_thread(read_archive, directory, now)
    for problem in problems:
        log.warning("replay: skipped %s", problem)
    console = ConsoleAdapter(stdout=out)
    if not snapshots:
        console.write(f"Nothing to replay: no leaderboard file in {directory}.")
        return 0
    catalog = await asyncio.to_thread(load_catalog)
    storage = await Storage.open(":memory:")
    delivery = DeliveryLoop(storage, [console], config.announcements)
    announced, previous = 0, None
    try:
        for day, group in groupby(snapshots, key=lambda s: s.snapshot_date):
            if previous is not None:
                await asyncio.sleep((day - previous).days / speed)
            previous = day
            await storage.call(
                _store_as_polled, list(group), catalog, config.announcements.confirm_snapshots
            )
            # The ledger as it would have stood at the end of that day.
            as_of = datetime.combine(day, time.max, UTC)
            await storage.call(
                ledger_to_outbox,
                catalog,
                config.laws,
                as_of,
                f"replayed snapshots of {day.isoformat()}",
            )
            announced += await delivery.deliver_due()
    finally:
        await storage.close()
    console.write(
        f"Replayed {len(snapshots)} snapshots from {_span(snapshots)}: "
        f"{announced} message{'s' if announced != 1 else ''}."
    )
    return announced


def _store_as_polled(
    db: sqlite_utils.Database,
    snapshots: Sequence[Snapshot],
    catalog: Catalog,
    confirm_snapshots: int,
) -> None:
    """What a live poll does with one date's snapshots: store each, and detect in the same
    transaction."""
    with transaction(db):
        for snapshot in snapshots:
            snapshot_id = insert_snapshot(db, snapshot)
            if snapshot_id is not None:
                source = SOURCES.get(snapshot.leaderboard)
                hook = watch_hook(
                    catalog, confirm_snapshots, source.title if source else snapshot.leaderboard
                )
                hook(db, snapshot_id, snapshot)


def _span(snapshots: Sequence[Snapshot]) -> str:
    first: date = snapshots[0].snapshot_date
    last: date = snapshots[-1].snapshot_date
    return f"{first.isoformat()} to {last.isoformat()}"
