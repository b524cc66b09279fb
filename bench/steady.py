"""Steady state: 1,000 polls of an unchanged feed (the real LMArena catalog, 7,461 entries,
1.3 MB, served without validators, so every poll downloads it) from a local aiohttp server
on 127.0.0.1, running in a separate process so its CPU time is not counted, through
`handlers.poll.poll`. Without $LAWKEEPER_DATA, the 36-entry test fixture stands in, and the output
says so. Figures: snapshot rows added after the first poll (target 0), database bytes
grown (after a WAL checkpoint; target 0), and CPU time per unchanged poll (target <= 2 ms)
against a bare fetch of the same URL with the same Fetcher: blocks of polls and blocks of
fetches alternate, and each figure is the median of its blocks. (The bare fetch joins the
body it reads; the poll's fetch compares it with the feed's last body as it arrives, and an
equal one is not joined: hence a poll can cost less than the bare fetch.)"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import ROOT, Figure, real_file, report, scratch
from feeds import arena
from feeds.fetcher import Fetcher
from feeds.source import Source
from handlers.poll import poll
from storage import Storage

POLLS = 1000
BLOCKS = 20  # polls and bare fetches alternate, POLLS // BLOCKS at a time
TARGET_MS = 2.0
REAL = "lmarena/arena-catalog/leaderboard-text_2025-12-11.json"  # under $LAWKEEPER_DATA
FIXTURE = ROOT / "tests" / "fixtures" / "arena" / "leaderboard-text_2025-12-11.json"
START = datetime(2026, 11, 26, tzinfo=UTC)
PATH = "/leaderboard-text.json"


def payload() -> Path:
    """The real catalog, or (saying so) the test fixture when it is not at hand."""
    return real_file(REAL, FIXTURE, "steady")[0]


def counts(db_path: Path) -> tuple[int, int]:
    """(snapshot rows, entry rows) in the database, read over a connection of its own."""
    conn = sqlite3.connect(db_path)
    try:
        return (
            conn.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0],
        )
    finally:
        conn.close()


async def checkpointed_size(storage: Storage) -> int:
    """The database file's size in bytes after a TRUNCATE checkpoint (the WAL written into it
    and emptied), run on the storage thread."""
    await storage.call(lambda db: db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    return storage.path.stat().st_size


async def run(url: str, tmp: Path) -> list[Figure]:
    """The steady-state figures: a first poll that stores the snapshot, then BLOCKS alternating
    blocks of unchanged polls and bare fetches of `url`, each block timed in process CPU per
    request. Asserts that every later poll finds the feed unchanged."""
    storage = await Storage.open(tmp / "steady.db")
    source = Source(arena.LEADERBOARD, "LMArena (local)", (url,), arena.parse)
    per_block = POLLS // BLOCKS
    polled = 0

    async def polls(fetcher: Fetcher) -> None:
        nonlocal polled
        for _ in range(per_block):
            polled += 1
            outcome = await poll(storage, fetcher, source, START + timedelta(hours=polled))
            assert outcome.status == "unchanged", outcome

    async def fetches(fetcher: Fetcher) -> None:
        for _ in range(per_block):
            assert (await fetcher.fetch(url)).status == "ok"

    try:
        async with Fetcher(retries=0) as fetcher:
            first = await poll(storage, fetcher, source, START)
            assert first.status == "ok", first
            size0 = await checkpointed_size(storage)
            rows0 = counts(storage.path)
            cpu: tuple[list[float], list[float]] = ([], [])
            wall = time.perf_counter()
            for _ in range(BLOCKS):
                for side, block in enumerate((polls, fetches)):
                    start = time.process_time()
                    await block(fetcher)
                    cpu[side].append((time.process_time() - start) / per_block)
            wall = time.perf_counter() - wall
            size1 = await checkpointed_size(storage)
            rows1 = counts(storage.path)
    finally:
        await storage.close()
    poll_ms, fetch_ms = (statistics.median(side) * 1000 for side in cpu)
    added = rows1[0] - rows0[0] + rows1[1] - rows0[1]
    print(
        f"steady: first poll: {first.detail}; then {polled} unchanged polls and as many "
        f"bare fetches in {wall:.1f} s"
    )
    return [
        Figure(
            "steady",
            f"rows added by {polled} unchanged polls",
            added,
            rows0[0] + rows0[1],
            "rows after the first poll",
            "rows",
            "0",
            added == 0,
        ),
        Figure(
            "steady",
            "database bytes grown",
            size1 - size0,
            size0,
            "size after the first poll",
            "bytes",
            "0",
            size1 == size0,
        ),
        Figure(
            "steady",
            f"CPU per unchanged poll (median of {BLOCKS} blocks)",
            poll_ms,
            fetch_ms,
            "CPU per bare fetch",
            "ms",
            f"<= {TARGET_MS:g} ms",
            poll_ms <= TARGET_MS,
        ),
    ]


def main() -> None:
    """The feed server in a child process (tests/feeds/fake_feed_server.py, so its CPU time
    is not counted), the figures measured against it, then reported; closing its stdin
    stops it."""
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.feeds.fake_feed_server", f"{PATH}={payload()}"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        with scratch() as tmp:
            figures = asyncio.run(run(f"http://127.0.0.1:{port}{PATH}", tmp))
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)
    report(figures)


if __name__ == "__main__":
    main()
