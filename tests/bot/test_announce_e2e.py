"""End to end: the real bot process (`main.py run`) polls a local aiohttp feed server whose
leader changes over a scripted sequence, and prints its announcements on the console."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog import load_catalog
from feeds.history import read_bundle
from handlers.detect import replay
from tests.conftest import ROOT
from tests.feeds.fake_feed_server import JSON, FeedServer, Reply, arena_rows
from tests.subprocess_env import minimal_env

WAIT = 60.0  # a safety net against a hung bot, never an assertion about speed
ANNOUNCED = "New #1 on "
FEED = "/arena.json"


def incumbent() -> str:
    """The established leader of Arena overall after the bundled history (loaded on a fresh
    database before the first poll), so the live sequence continues from it."""
    history = sorted(
        (s for s in read_bundle() if s.leaderboard == "arena" and s.category == "overall"),
        key=lambda s: s.snapshot_date,
    )
    state = replay(history, load_catalog(), 2)
    return state.entry.model_key if state is not None else "incumbent-1"


def step(day: int, *rows: tuple[str, float, float, float, str]) -> Reply:
    """The feed's answer of 2026-02-<day>: rows (model, rating, lower, upper, licence),
    best first."""
    return Reply(body=arena_rows(f"2026-02-{day:02d}", *rows), headers=JSON)


class Bot:
    """`main.py run` in a subprocess; stdout and stderr collected as they come."""

    def __init__(self, tmp_path: Path, url: str, *, paused: bool = False) -> None:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[storage]\npath = "{tmp_path / "bot.db"}"\n'
            '[platforms]\nconsole = "on"\n[web]\nport = 0\n'
            f"[announcements]\nconfirm_snapshots = 2\ncheck_seconds = 1.0\n"
            f"paused = {'true' if paused else 'false'}\n"
            f'[leaderboards.arena]\npoll_seconds = 1\nurl = "{url}"\n',
            encoding="utf-8",
        )
        env = minimal_env(LAWKEEPER_CONFIG=str(config))
        self.process = subprocess.Popen(
            [sys.executable, "main.py", "run"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self._threads = [
            threading.Thread(target=self._read, args=(s, b), daemon=True)
            for s, b in ((self.process.stdout, self.out), (self.process.stderr, self.err))
        ]
        for t in self._threads:
            t.start()

    @staticmethod
    def _read(stream, into: list[str]) -> None:
        for line in stream:
            into.append(line)

    def wait_for_log(self, text: str) -> None:
        _until(lambda: any(text in line for line in self.err), f"log line {text!r}", self)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        self.process.send_signal(sig)
        self.process.wait(WAIT)
        for t in self._threads:
            t.join(WAIT)

    def announcements(self) -> list[str]:
        return [line.strip() for line in self.out if line.startswith(ANNOUNCED)]


def _until(condition: Callable[[], bool], what: str, bot: Bot | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if bot is not None and bot.process.poll() is not None:
            raise AssertionError(f"the bot exited while waiting for {what}:\n" + "".join(bot.err))
        if time.monotonic() > deadline:
            raise AssertionError(
                f"gave up waiting for {what}"
                + ("" if bot is None else ":\n" + "".join(bot.err[-30:]))
            )
        time.sleep(0.05)


def db_rows(tmp_path: Path, sql: str) -> list[tuple]:
    path = tmp_path / "bot.db"
    if not path.exists():
        return []
    with sqlite3.connect(path, timeout=10) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # not migrated yet
            return []


@contextmanager
def running(tmp_path: Path, url: str, **kwargs: bool) -> Iterator[Bot]:
    bot = Bot(tmp_path, url, **kwargs)
    try:
        yield bot
    finally:
        if bot.process.poll() is None:
            bot.stop(signal.SIGKILL)


def test_the_real_bot_announces_each_real_change_exactly_once_in_order(tmp_path) -> None:
    a, lic = incumbent(), "Proprietary"
    steps = [
        step(1, (a, 1500, 1495, 1505, lic), ("beta-1", 1490, 1485, 1495, "Apache 2.0")),
        # beta edges ahead inside the intervals, then falls back: nothing to say
        step(2, ("beta-1", 1502, 1497, 1507, "Apache 2.0"), (a, 1499, 1494, 1504, lic)),
        step(3, (a, 1503, 1498, 1508, lic), ("beta-1", 1500, 1495, 1505, "Apache 2.0")),
        # beta's lower bound clears the leader's score: announced
        step(4, ("beta-1", 1515, 1510, 1520, "Apache 2.0"), (a, 1501, 1496, 1506, lic)),
        # the old leader swaps back inside the intervals, and out again: nothing
        step(5, (a, 1512, 1507, 1517, lic), ("beta-1", 1511, 1506, 1516, "Apache 2.0")),
        step(6, ("beta-1", 1513, 1508, 1518, "Apache 2.0"), (a, 1511, 1506, 1516, lic)),
        # gamma clears beta: announced
        step(7, ("gamma-2", 1530, 1524, 1536, lic), ("beta-1", 1514, 1509, 1519, "Apache 2.0")),
        step(8, ("gamma-2", 1531, 1525, 1537, lic), ("beta-1", 1514, 1509, 1519, "Apache 2.0")),
    ]
    with FeedServer().in_thread() as server, running(tmp_path, server.serve(FEED, *steps)) as bot:
        _until(lambda: server.served > len(steps), "every step to be polled", bot)
        _until(
            lambda: (
                db_rows(tmp_path, "SELECT count(*) FROM deliveries WHERE status = 'pending'")
                == [(0,)]
            ),
            "the deliveries",
            bot,
        )
        bot.stop()
    assert bot.announcements() == [
        "New #1 on LMArena text leaderboard · overall: beta-1",
        "New #1 on LMArena text leaderboard · overall: gamma-2",
    ]
    out = "".join(bot.out)
    assert f"beta-1 takes the top spot from {a} in the snapshot of 2026-02-04" in out
    assert "gamma-2 takes the top spot from beta-1 in the snapshot of 2026-02-07" in out
    assert "Margin: +14.0 points" in out and "Margin: +16.0 points" in out
    assert db_rows(tmp_path, "SELECT count(*) FROM outbox_events WHERE kind = 'leader_change'") == [
        (2,)
    ]


def test_a_bot_killed_before_delivering_delivers_once_after_restart(tmp_path) -> None:
    a = incumbent()
    steps = [
        step(1, (a, 1500, 1495, 1505, "Proprietary"), ("beta-1", 1490, 1485, 1495, "MIT")),
        step(2, ("beta-1", 1520, 1515, 1525, "MIT"), (a, 1500, 1495, 1505, "Proprietary")),
    ]
    pending = (
        "SELECT count(*) FROM deliveries d JOIN outbox_events e ON e.id = d.event_id "
        "WHERE d.status = 'pending' AND e.kind = 'leader_change'"
    )
    with FeedServer().in_thread() as server:
        url = server.serve(FEED, *steps)
        # 1. Stored with its announcement, delivery held; killed without warning.
        with running(tmp_path, url, paused=True) as bot:
            _until(lambda: server.served > len(steps), "both steps to be polled", bot)
            _until(lambda: db_rows(tmp_path, pending) == [(1,)], "the pending announcement", bot)
            bot.stop(signal.SIGKILL)
        assert bot.announcements() == []
        # 2. Restarted: the pending announcement is delivered, once.
        with running(tmp_path, url) as bot:
            bot.wait_for_log("delivered at start, 0 pending")
            assert db_rows(tmp_path, pending) == [(0,)]
            served = server.served
            _until(lambda: server.served > served + 1, "more polls of the unchanged feed", bot)
            bot.stop()
        assert bot.announcements() == ["New #1 on LMArena text leaderboard · overall: beta-1"]
        # 3. Restarted with nothing pending: nothing is sent.
        with running(tmp_path, url) as bot:
            bot.wait_for_log("outbox: 0 delivered at start, 0 pending")
            served = server.served
            _until(lambda: server.served > served + 1, "more polls of the unchanged feed", bot)
            bot.stop()
        assert bot.announcements() == []
    assert db_rows(
        tmp_path,
        "SELECT d.platform, d.status FROM deliveries d JOIN outbox_events "
        "e ON e.id = d.event_id WHERE e.kind = 'leader_change'",
    ) == [("console", "done")]
