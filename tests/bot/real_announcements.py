"""Real changes of leader from the bundled history, put in the outbox the way the poller
does when it stores the snapshot that reveals one, and what their announcements say.

Figures checked by hand against ../shared/data/lmarena/arena-catalog/
leaderboard-text_2025-12-11.json (category `full`): gemini-3-pro 1486.60 [1480.40, 1492.80],
gemini-2.5-pro 1464.46 [1461.02, 1467.90]. Open LLM v2 2025-03-20: calme-3.2-instruct-78b
52.1 displaces Qwen2-72B-Instruct 43.6 (the catalog's sizes: 78B; 72.7B total, 72B active).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from catalog import Catalog
from feeds.registry import SOURCES
from handlers.watch import watch_snapshot
from storage.snapshots import load_snapshot, snapshot_index
from storage.subscriptions import ALL, subscribe
from storage.transaction import transaction

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

ARENA_TITLE = "New #1 on LMArena text leaderboard · overall: gemini-3-pro"
ARENA_TEXT = (
    "gemini-3-pro takes the top spot from gemini-2.5-pro in the snapshot of "
    "2025-12-11: its lower bound 1480.4 clears the previous leader's score 1464.46."
)
ARENA_NEW = "gemini-3-pro\n1486.6 (95% interval 1480.4–1492.8)\nproprietary · size unknown"
ARENA_OLD = "gemini-2.5-pro\n1464.5 (95% interval 1461.0–1467.9)\nproprietary · size unknown"
ARENA_MARGIN = "+22.1 points"
ARENA_MEANING = (
    "A proprietary model leads LMArena text leaderboard overall.\n"
    "The sizes of the two models are not both known, so this says nothing yet "
    "about law 3."
)
ARENA_FOOTER = "arena · overall · snapshot 2025-12-11"

OPEN_LLM_TITLE = (
    "New #1 on Open LLM Leaderboard v2 (retired) · overall: MaziyarPanahi/calme-3.2-instruct-78b"
)
OPEN_LLM_NEW = "MaziyarPanahi/calme-3.2-instruct-78b\n52.1\nopen weights · 78B parameters"
# Qwen2-72B-Instruct is under the Tongyi Qianwen licence (Arena: 'Qianwen LICENSE'): open
# weights, not an OSI licence (the catalog's licence vote, catalog/builder/merge.py).
OPEN_LLM_OLD = "Qwen/Qwen2-72B-Instruct\n43.6\nopen weights · 72.7B parameters, 72B active"


def subscribe_channels(db: sqlite_utils.Database, platform: str, channels: list[str]) -> None:
    for channel in channels:
        subscribe(db, platform, channel, ALL, False, "test", NOW)


def announce_latest(
    db: sqlite_utils.Database,
    leaderboard: str,
    category: str,
    catalog: Catalog,
    confirm_snapshots: int,
) -> int:
    """Watch the latest stored snapshot of a category as the poller's `on_stored` hook
    does, in a transaction; return the outbox event it enqueued."""
    ref = snapshot_index(db, leaderboard, category)[-1]
    snapshot = load_snapshot(db, ref.id)
    assert snapshot is not None
    with transaction(db):
        event = watch_snapshot(
            db,
            ref.id,
            snapshot,
            catalog=catalog,
            confirm_snapshots=confirm_snapshots,
            now=NOW,
            title=SOURCES[leaderboard].title,
        )
    assert event is not None, f"no change of leader on {leaderboard} {category}"
    return event


def deliveries(db: sqlite_utils.Database, event_id: int) -> dict[tuple[str, str], tuple]:
    """(platform, channel) → (status, attempts, message id, last error) of one event."""
    rows = db.execute(
        "SELECT platform, channel_id, status, attempts, message_id, last_error "
        "FROM deliveries WHERE event_id = ?",
        [event_id],
    ).fetchall()
    return {(r[0], r[1]): (r[2], r[3], r[4], r[5]) for r in rows}
