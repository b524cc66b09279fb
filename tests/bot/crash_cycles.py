"""Kill a real bot (`main.py run`, Discord against the local fake) with SIGKILL, cycle after
cycle, while a local feed's leader changes; used by tests/bot/test_crash_safety.py (a short
run) and bench/soak.py (`make soak`, a long one).

Each cycle kills at a seeded random moment relative to what the bot is doing, not to the
wall clock, so it tests what it claims however long a loaded machine takes to start:
- "starting": before it is ready, within the time the previous start took;
- "serving": after Discord's READY, within two poll intervals;
- "in flight": as Discord receives an announcement, within 50 ms (before the answer
  reaches the bot, or after, before the delivery is marked done); a cycle in which nothing
  is announced within a few seconds of READY is killed then, and counted as "serving".
"""

from __future__ import annotations

import asyncio
import random
import signal
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from feeds.registry import SOURCES
from storage import connect
from storage.subscriptions import subscribe
from tests.bot.discord.fake_discord import FakeDiscord
from tests.bot.test_announce_e2e import incumbent
from tests.conftest import ROOT
from tests.feeds.fake_feed_server import JSON, FeedServer, Reply, arena_rows
from tests.subprocess_env import minimal_env

CHANNEL = "1300000000000000001"
TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.crash.test-token"
WAIT = 120.0  # a safety net against a hung bot, never an assertion about speed
TITLE = "New #1 on LMArena text leaderboard · overall: "
READY = "Discord ready as"  # the bot logs it once Discord's gateway is up
PHASES = ("starting", "serving", "in flight")
# The phases of four cycles, shuffled: "in flight" twice, since it becomes "serving" when
# nothing is announced (most steps of the feed announce nothing).
ROUND = ("starting", "serving", "in flight", "in flight")
FIRST_DAY = date(2026, 2, 1)


def _rows(day: date, *rows: tuple[str, float, str]) -> bytes:
    """The feed's answer dated `day`: rows (model, rating ± 5, licence), best first."""
    return arena_rows(day, *((m, r, r - 5, r + 5, lic) for m, r, lic in rows))


def leader_steps(old: str, leaders: int) -> tuple[list[bytes], list[str]]:
    """The feed's answers, one per day, and the announcements they make: the incumbent
    `old` holds, then `leaders` new leaders in turn, each clearing the previous one's
    interval and confirmed by the next day; every other one, the previous leader then edges
    ahead inside the intervals, which announces nothing."""
    days = (FIRST_DAY + timedelta(days=n) for n in range(10**4))
    steps = [_rows(next(days), (old, 1500, "Proprietary"), ("model-1", 1490, "MIT"))]
    previous, rating = old, 1500
    for n in range(1, leaders + 1):
        leader, lic = f"model-{n}", ("MIT", "Proprietary")[n % 2]
        rating += 20
        steps.append(_rows(next(days), (leader, rating, lic), (previous, rating - 20, "MIT")))
        steps.append(_rows(next(days), (leader, rating + 1, lic), (previous, rating - 20, "MIT")))
        if n % 2 == 0:
            steps.append(
                _rows(next(days), (previous, rating + 2, "MIT"), (leader, rating + 1, lic))
            )
        previous = leader
    return steps, [f"{TITLE}model-{n}" for n in range(1, leaders + 1)]


@dataclass
class Outcome:
    kills: Counter[str] = field(default_factory=Counter)  # by phase
    expected: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # announcement titles, in order
    posts: int = 0  # message POSTs Discord received (retries included)
    statuses: dict[str, int] = field(default_factory=dict)  # Discord deliveries by status

    def summary(self) -> str:
        lost = len([t for t in self.expected if t not in self.sent])
        repeated = len(self.sent) - len(set(self.sent))
        phases = ", ".join(f"{self.kills[p]} {p}" for p in PHASES)
        return (
            f"{sum(self.kills.values())} kills ({phases}); {len(self.sent)} of "
            f"{len(self.expected)} announcements in {self.posts} POSTs: {lost} lost, "
            f"{repeated} repeated; integrity ok after every kill"
        )


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        conn.close()


class Feed:
    """Serves the step after those the bot has stored, from a local feed server."""

    def __init__(self, steps: list[bytes], db: Path) -> None:
        self.steps, self.db = steps, db
        self.server = FeedServer()

    def stored(self) -> int:
        return len(
            query(
                self.db,
                "SELECT DISTINCT snapshot_date FROM snapshots WHERE "
                "leaderboard = 'arena' AND imported = 0",
            )
        )

    def advance(self) -> str:
        """Serve the step after the stored ones (the last, once all are); the feed's URL."""
        step = self.steps[min(self.stored(), len(self.steps) - 1)]
        return self.server.serve("/arena.json", Reply(body=step, headers=JSON))


class Harness:
    def __init__(self, tmp: Path, leaders: int, seed: int) -> None:
        self.tmp, self.db, self.log = tmp, tmp / "bot.db", tmp / "bot.log"
        steps, self.expected = leader_steps(incumbent(), leaders)
        self.feed = Feed(steps, self.db)
        self.discord = FakeDiscord()
        self.rng = random.Random(seed)
        self.startup = 0.0  # how long the last start took, until READY
        self._phases: list[str] = []

    async def run(self, min_kills: int, max_kills: int, budget: float) -> Outcome:
        """Kill at least `min_kills` times and until every step is stored (at most
        `max_kills` times, and no new cycle after `budget` seconds), then let a last run
        deliver everything and stop it with SIGTERM."""
        await self.feed.server.start()
        await self.discord.start()
        setup = connect(self.db)
        subscribe(setup, "discord", CHANNEL, "arena", False, "test", datetime.now(UTC))
        setup.conn.close()
        config = self._config(self.feed.advance())
        outcome = Outcome(expected=self.expected)
        deadline = time.monotonic() + budget
        try:
            while sum(outcome.kills.values()) < min_kills or self.feed.stored() < len(
                self.feed.steps
            ):
                done = sum(outcome.kills.values())
                assert done < max_kills, f"no progress after {done} kills:\n{self.tail()}"
                assert time.monotonic() < deadline, f"out of time after {done} kills"
                outcome.kills[await self._cycle(config)] += 1
                assert query(self.db, "PRAGMA integrity_check") == [("ok",)]
            await self._last_run(config)
        finally:
            await self.discord.stop()
            await self.feed.server.close()
        assert query(self.db, "PRAGMA integrity_check") == [("ok",)]
        outcome.sent = [
            m["embeds"][0]["title"] for m in self.discord.messages if m["channel_id"] == CHANNEL
        ]
        outcome.posts = self._posts()
        outcome.statuses = dict(
            query(
                self.db,
                "SELECT status, count(*) FROM deliveries "
                "WHERE platform = 'discord' GROUP BY status",
            )
        )
        return outcome

    async def _cycle(self, config: Path) -> str:
        """Start the bot, kill it at a random moment of a random phase; return the phase."""
        if not self._phases:
            self._phases = self.rng.sample(ROUND, len(ROUND))
        phase = self._phases.pop() if self.startup else "serving"  # the first one measures
        self.feed.advance()  # one new step a cycle: each has something to store or announce
        readies, posts = self.tail(None).count(READY), self._posts()
        started = time.monotonic()
        process = await self._start(config)
        try:
            if phase == "starting":
                await asyncio.sleep(self.rng.uniform(0, self.startup))
            elif phase == "in flight" and await self._posted(posts, self.startup + 4.0):
                await asyncio.sleep(self.rng.uniform(0, 0.05))
            else:  # serving, or nothing was announced within a few polls after READY
                await self._until(lambda: self.tail(None).count(READY) > readies, process)
                if phase == "serving":
                    self.startup = time.monotonic() - started
                    await asyncio.sleep(self.rng.uniform(0, 2.0))
                phase = "serving"
            assert process.returncode is None, self.tail()
        finally:
            process.kill()
            await process.wait()
        return phase

    def _posts(self) -> int:
        return len(self.discord.calls("POST", f"/channels/{CHANNEL}/messages"))

    async def _posted(self, before: int, within: float) -> bool:
        """Whether Discord receives an announcement (a catch-up at start, or a new one)
        within `within` seconds."""
        try:
            await asyncio.wait_for(
                self.discord.wait_for(lambda _: self._posts() > before), timeout=within
            )
        except TimeoutError:
            return False
        return True

    async def _last_run(self, config: Path) -> None:
        """Left alone until it is ready and has delivered everything."""
        self.feed.advance()
        readies = self.tail(None).count(READY)
        process = await self._start(config)
        try:
            await self._until(
                lambda: (
                    self.tail(None).count(READY) > readies
                    and not query(self.db, "SELECT 1 FROM deliveries WHERE status = 'pending'")
                ),
                process,
            )
            process.send_signal(signal.SIGTERM)
            assert await process.wait() == 0, self.tail()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()

    async def _until(
        self, condition: Callable[[], object], process: asyncio.subprocess.Process
    ) -> None:
        """Poll `condition` (another process writes what it reads) while the bot runs."""
        for _ in range(int(WAIT / 0.05)):
            if condition():
                return
            assert process.returncode is None, self.tail()
            await asyncio.sleep(0.05)
        raise AssertionError(f"the bot did not get there in {WAIT} s:\n{self.tail()}")

    async def _start(self, config: Path) -> asyncio.subprocess.Process:
        with self.log.open("ab") as out:
            return await asyncio.create_subprocess_exec(
                sys.executable,
                "main.py",
                "--config",
                str(config),
                "run",
                cwd=ROOT,
                env=minimal_env(DISCORD_TOKEN=TOKEN),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=out,
            )

    def tail(self, chars: int | None = 3000) -> str:
        text = self.log.read_text() if self.log.exists() else ""
        return text if chars is None else text[-chars:]

    def _config(self, feed_url: str) -> Path:
        config = self.tmp / "config.toml"
        others = "".join(
            f"[leaderboards.{name}]\nenabled = false\n" for name in SOURCES if name != "arena"
        )
        config.write_text(
            f'[storage]\npath = "{self.db}"\n'
            f'[discord]\napi_base_url = "{self.discord.api_base_url}"\n'
            f'gateway_url = "{self.discord.gateway_url}"\n'
            "[announcements]\nconfirm_snapshots = 2\ncheck_seconds = 0.5\n"
            "retry_seconds = 1.0\n[feeds]\nretries = 0\n[web]\nport = 0\n"
            f'[leaderboards.arena]\npoll_seconds = 1\nurl = "{feed_url}"\n' + others,
            encoding="utf-8",
        )
        return config
