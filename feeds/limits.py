"""What a parsed snapshot must be before it is stored, whether polled or imported: dated
no later than tomorrow (a wrong date would pose as the latest standings for years), and no
larger than a row cap (the largest real snapshot has about 4,600 rows)."""

from __future__ import annotations

from datetime import datetime, timedelta

from feeds.errors import FeedError
from feeds.snapshot import Snapshot

MAX_SNAPSHOT_ROWS = 20_000  # the default of [feeds] max_snapshot_rows


def check_snapshots(snapshots: list[Snapshot], now: datetime, max_rows: int) -> None:
    """FeedError naming the first snapshot dated after tomorrow (relative to `now`) or
    holding more than `max_rows` rows."""
    tomorrow = (now + timedelta(days=1)).date()
    for snapshot in snapshots:
        if snapshot.snapshot_date > tomorrow:
            raise FeedError(
                f"{snapshot.category} snapshot dated {snapshot.snapshot_date}, "
                "after tomorrow: is the date in the file right?"
            )
        if len(snapshot.entries) > max_rows:
            raise FeedError(
                f"{snapshot.category} snapshot has {len(snapshot.entries):,} "
                f"rows, more than max_snapshot_rows ({max_rows:,})"
            )
