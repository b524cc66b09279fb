"""Steady state: 1,000 polls of an unchanged feed (the real LMArena JSON fixture, served
without validators, so every poll downloads and parses it) from a local aiohttp server on
127.0.0.1, running in a separate process so its CPU time is not counted, through
`feeds.poll.poll`. Figures: snapshot rows added after the first poll (target 0), database
bytes grown (after a WAL checkpoint), and CPU time per poll against a bare fetch of the
same URL with the same Fetcher."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp import web

from bench.common import ROOT, Figure, report, scratch
from feeds import arena
from feeds.fetcher import Fetcher
from feeds.poll import poll
from feeds.registry import Source
from storage import Storage

POLLS = 1000
PAYLOAD = ROOT / "tests" / "fixtures" / "arena" / "leaderboard-text_2025-12-11.json"
START = datetime(2026, 11, 26, tzinfo=UTC)


def serve(path: Path) -> None:
    """The feed server (`python -m bench.steady --serve FILE`): prints its port, then
    serves the file until stdin closes."""
    body = path.read_bytes()

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/leaderboard-text.json",
                           lambda _: web.Response(body=body, content_type="application/json"))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(runner.addresses[0][1], flush=True)
        await asyncio.to_thread(sys.stdin.read)
        await runner.cleanup()

    asyncio.run(main())


def counts(db_path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db_path)
    try:
        return (conn.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


async def checkpointed_size(storage: Storage) -> int:
    await storage.call(lambda db: db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
    return storage.path.stat().st_size


async def run(url: str, tmp: Path) -> list[Figure]:
    storage = await Storage.open(tmp / "steady.db")
    source = Source(arena.LEADERBOARD, "LMArena (local)", (url,), arena.parse)
    try:
        async with Fetcher(retries=0) as fetcher:
            first = await poll(storage, fetcher, source, START)
            assert first.status == "ok", first
            size0 = await checkpointed_size(storage)
            rows0 = counts(storage.path)
            cpu, wall = time.process_time(), time.perf_counter()
            for n in range(1, POLLS + 1):
                outcome = await poll(storage, fetcher, source, START + timedelta(hours=n))
                assert outcome.status == "unchanged", outcome
            poll_cpu = (time.process_time() - cpu) / POLLS
            poll_wall = (time.perf_counter() - wall) / POLLS
            size1 = await checkpointed_size(storage)
            rows1 = counts(storage.path)
            cpu = time.process_time()
            for _ in range(POLLS):
                assert (await fetcher.fetch(url)).status == "ok"
            fetch_cpu = (time.process_time() - cpu) / POLLS
    finally:
        await storage.close()
    added = rows1[0] - rows0[0] + rows1[1] - rows0[1]
    print(f"steady: {POLLS} polls, {poll_wall * 1000:.2f} ms wall each")
    return [
        Figure("steady", f"rows added by {POLLS} unchanged polls", added, rows0[0] + rows0[1],
               "rows after the first poll", "rows", "0", added == 0),
        Figure("steady", "database bytes grown", size1 - size0, size0,
               "size after the first poll", "bytes"),
        Figure("steady", "CPU per poll", poll_cpu * 1000, fetch_cpu * 1000,
               "CPU per bare fetch", "ms"),
    ]


def main() -> None:
    server = subprocess.Popen([sys.executable, "-m", "bench.steady", "--serve", str(PAYLOAD)],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        with scratch() as tmp:
            figures = asyncio.run(run(f"http://127.0.0.1:{port}/leaderboard-text.json", tmp))
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)
    report(figures)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(Path(sys.argv[2]))
    else:
        main()
