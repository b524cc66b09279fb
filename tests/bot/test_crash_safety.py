"""Crash safety: a real bot process (`main.py run`, Discord against the local fake) is
killed with SIGKILL at seeded random moments, over and over, while a local feed server's
leader changes. After every kill the database passes `PRAGMA integrity_check`; at the end
every announcement reached the Discord channel exactly once, in order."""

from __future__ import annotations

import asyncio
import random
import signal
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

from feeds.registry import SOURCES
from storage import connect
from storage.subscriptions import subscribe
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.test_announce_e2e import incumbent, step
from tests.conftest import ROOT
from tests.subprocess_env import minimal_env

SEED = 20261126
MIN_KILLS = 20
MAX_CYCLES = 80  # a bound, so a bot that never progresses fails instead of looping
CHANNEL = "1300000000000000001"
TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.crash.test-token"
WAIT = 60.0  # a safety net against a hung bot, never an assertion about speed
TITLE = "New #1 on LMArena text leaderboard · overall: "
LIC = "Proprietary"
STARTED = "outbox: "  # the delivery loop's first log line: the bot is up


def leader_steps(old: str) -> tuple[list[bytes], list[str]]:
    """The feed's answers, one per day, and the leaders they announce (each new leader's
    lower bound clears the previous one's score; the others change nothing)."""
    steps = [
        step(1, (old, 1500, 1495, 1505, LIC), ("beta-1", 1490, 1485, 1495, "MIT")),
        step(2, ("beta-1", 1520, 1515, 1525, "MIT"), (old, 1500, 1495, 1505, LIC)),
        step(3, ("beta-1", 1521, 1516, 1526, "MIT"), (old, 1500, 1495, 1505, LIC)),
        step(4, ("gamma-2", 1540, 1535, 1545, LIC), ("beta-1", 1521, 1516, 1526, "MIT")),
        # beta edges ahead inside the intervals: no change
        step(5, ("beta-1", 1542, 1537, 1547, "MIT"), ("gamma-2", 1540, 1535, 1545, LIC)),
        step(6, ("delta-3", 1560, 1555, 1565, LIC), ("gamma-2", 1540, 1535, 1545, LIC)),
        step(7, ("delta-3", 1561, 1556, 1566, LIC), ("gamma-2", 1541, 1536, 1546, LIC)),
        step(8, ("epsilon-4", 1580, 1575, 1585, "MIT"), ("delta-3", 1561, 1556, 1566, LIC)),
    ]
    return steps, [TITLE + m for m in ("beta-1", "gamma-2", "delta-3", "epsilon-4")]


class Feed:
    """Serves the current step; the test moves to the next once the bot has stored it."""

    def __init__(self, steps: list[bytes]) -> None:
        self.steps = steps
        self.current = 0

    async def handle(self, request: web.Request) -> web.Response:
        return web.Response(body=self.steps[self.current], content_type="application/json")


def write_config(tmp: Path, db: Path, feed_url: str, discord: FakeDiscord) -> Path:
    config = tmp / "config.toml"
    others = "".join(f"[leaderboards.{name}]\nenabled = false\n"
                     for name in SOURCES if name != "arena")
    config.write_text(
        f'[storage]\npath = "{db}"\n'
        f'[discord]\napi_base_url = "{discord.api_base_url}"\n'
        f'gateway_url = "{discord.gateway_url}"\n'
        "[announcements]\nconfirm_snapshots = 2\ncheck_seconds = 0.5\nretry_seconds = 1.0\n"
        "[feeds]\nretries = 0\n"
        f'[leaderboards.arena]\npoll_seconds = 1\nurl = "{feed_url}"\n' + others,
        encoding="utf-8")
    return config


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        conn.close()


def stored_days(db: Path) -> set[str]:
    return {r[0] for r in query(db, "SELECT snapshot_date FROM snapshots WHERE leaderboard = "
                                    "'arena' AND category = 'overall' AND imported = 0")}


async def follow(feed: Feed, db: Path) -> None:
    """Move the feed to its next step once the bot has stored the current one."""
    while feed.current < len(feed.steps) - 1:
        if f"2026-02-{feed.current + 1:02d}" in stored_days(db):
            feed.current += 1
        await asyncio.sleep(0.05)


async def start(config: Path, log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "main.py", "--config", str(config), "run", cwd=ROOT,
            env=minimal_env(DISCORD_TOKEN=TOKEN),
            stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out)


def pending(db: Path) -> int:
    rows = query(db, "SELECT count(*) FROM deliveries WHERE status = 'pending'")
    return rows[0][0] if rows else -1


async def test_sigkill_at_random_moments_loses_and_repeats_no_announcement(
        tmp_path: Path) -> None:
    steps, expected = leader_steps(incumbent())
    feed = Feed(steps)
    app = web.Application()
    app.router.add_get("/arena.json", feed.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    discord = FakeDiscord()
    await discord.start()
    db, log = tmp_path / "bot.db", tmp_path / "bot.log"
    setup = connect(db)
    subscribe(setup, "discord", CHANNEL, "arena", False, "test", datetime.now(UTC))
    setup.conn.close()
    config = write_config(tmp_path, db, f"http://127.0.0.1:{runner.addresses[0][1]}/arena.json",
                          discord)
    follower = asyncio.create_task(follow(feed, db))
    rng = random.Random(SEED)
    kills = 0
    try:
        while kills < MIN_KILLS or len(stored_days(db)) < len(steps):
            assert kills < MAX_CYCLES, f"no progress after {kills} kills:\n{log.read_text()}"
            process = await start(config, log)
            await asyncio.sleep(rng.uniform(0.3, 4.0))
            assert process.returncode is None, log.read_text()[-3000:]
            process.send_signal(signal.SIGKILL)
            await process.wait()
            kills += 1
            assert query(db, "PRAGMA integrity_check") == [("ok",)]
        # The last run is left alone until it is up and has delivered everything.
        starts = log.read_text().count(STARTED)
        process = await start(config, log)
        for _ in range(int(WAIT / 0.1)):  # another process writes them: look now and then
            if log.read_text().count(STARTED) > starts and pending(db) == 0:
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"deliveries still pending:\n{log.read_text()[-3000:]}")
        process.send_signal(signal.SIGTERM)
        assert await process.wait() == 0, log.read_text()[-3000:]
    finally:
        follower.cancel()
        if process.returncode is None:
            process.kill()
            await process.wait()
        await discord.stop()
        await runner.cleanup()
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    sent = [m["embeds"][0]["title"] for m in discord.messages if m["channel_id"] == CHANNEL]
    assert sent == expected  # none lost, none twice, in order
    posts = discord.calls("POST", f"/channels/{CHANNEL}/messages")
    print(f"{kills} kills; {len(posts)} message POSTs for {len(sent)} messages")
    assert query(db, "SELECT status, count(*) FROM deliveries WHERE platform = 'discord' "
                     "GROUP BY status") == [("done", len(expected))]
