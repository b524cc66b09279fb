"""`main.py top` and `main.py check-feeds`, from a fresh database loaded from the bundle."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Config
from bot.feeds_cli import check_feeds
from feeds import arena, livebench
from feeds.registry import SOURCES
from feeds.settings import FeedsConfig, LeaderboardConfig
from feeds.source import Source
from storage.settings import StorageConfig
from tests.conftest import FIXTURES, ROOT
from tests.feeds.fake_feed_server import FeedServer, Reply
from tests.subprocess_env import minimal_env


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = minimal_env(LAWKEEPER_DB=str(db))
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_top_arena_on_2024_06_19_lists_that_days_leader_first(tmp_path: Path) -> None:
    done = run(
        tmp_path / "fresh.db", "top", "--leaderboard", "arena", "--at", "2024-06-19", "--json"
    )
    assert done.returncode == 0, done.stderr
    listing = json.loads(done.stdout)
    assert (listing["leaderboard"], listing["category"], listing["snapshot"]) == (
        "arena",
        "overall",
        "2024-06-19",
    )
    first = listing["entries"][0]
    assert (first["rank"], first["model"], first["key"], first["score"]) == (
        1,
        "GPT-4o-2024-05-13",
        "gpt-4o-2024-05-13",
        1287.0,
    )
    assert (first["ci_low"], first["ci_high"]) == (1284.0, 1290.0)
    assert first["openness"] == "proprietary"
    assert set(first) == {
        "rank",
        "model",
        "key",
        "score",
        "ci_low",
        "ci_high",
        "openness",
        "params_total",
        "params_active",
        "released",
    }
    assert len(listing["entries"]) == 10


def test_top_works_for_every_leaderboard_from_the_bundle(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    for leaderboard in SOURCES:
        done = run(db, "top", "--leaderboard", leaderboard, "--limit", "3", "--json")
        assert done.returncode == 0, (leaderboard, done.stderr)
        listing = json.loads(done.stdout)
        assert listing["leaderboard"] == leaderboard
        assert [e["rank"] for e in listing["entries"]] == sorted(
            e["rank"] for e in listing["entries"]
        )
        assert len(listing["entries"]) == 3
    text = run(db, "top", "--leaderboard", "open-llm-v2", "--limit", "1")
    assert "calme-3.2-instruct-78b" in text.stdout and "77.965B" in text.stdout


def test_top_bad_category_or_date_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    done = run(db, "top", "--leaderboard", "arena", "--category", "poetry")
    assert done.returncode == 1
    assert "arena has no category 'poetry'. Categories: overall, chinese" in done.stderr
    early = run(db, "top", "--leaderboard", "livebench", "--at", "2020-01-01")
    assert early.returncode == 1 and "no snapshot of livebench" in early.stderr
    assert "Traceback" not in done.stderr + early.stderr
    bad = run(db, "top", "--leaderboard", "nope")
    assert bad.returncode == 2 and "invalid choice: 'nope'" in bad.stderr


async def test_check_feeds_reports_each_enabled_feed(
    tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok = feed_server.serve(
        "/lb.json",
        Reply(body=(FIXTURES / "arena" / "leaderboard-text_2025-12-11.json").read_bytes()),
    )
    broken = feed_server.serve("/table_2024_06_24.csv", Reply(500))
    monkeypatch.setattr(
        "bot.polling.SOURCES",
        {
            "arena": Source("arena", "Arena", (ok,), arena.parse),
            "livebench": Source("livebench", "LiveBench", (broken,), livebench.parse),
            "helm-lite": Source("helm-lite", "HELM", ("http://127.0.0.1:9/x",), arena.parse),
            "open-llm-v1": Source("open-llm-v1", "v1", (), arena.parse),
        },
    )
    config = Config(
        storage=StorageConfig(path=str(tmp_path / "db.sqlite")),
        feeds=FeedsConfig(retries=1, backoff_base_seconds=0.0),
        leaderboards={"helm-lite": LeaderboardConfig(enabled=False)},
    )
    out = io.StringIO()
    assert await check_feeds(config, out) == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("arena: ok: 3 snapshots (")  # the bundle has other content
    assert "gemini-3-pro" in lines[0]
    assert lines[1].startswith("livebench: error: ") and "HTTP 500" in lines[1]


async def test_check_feeds_fetches_the_configured_url(
    tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = feed_server.serve(
        "/mirror.json",
        Reply(body=(FIXTURES / "arena" / "leaderboard-text_2025-12-11.json").read_bytes()),
    )
    closed = dataclasses.replace(SOURCES["arena"], urls=("http://127.0.0.1:9/arena.json",))
    for module in ("bot.polling", "bot.feeds_cli"):  # its own endpoint: a closed port
        monkeypatch.setattr(f"{module}.SOURCES", {"arena": closed})
    config = Config(
        storage=StorageConfig(path=str(tmp_path / "db.sqlite")),
        feeds=FeedsConfig(retries=0),
        leaderboards={"arena": LeaderboardConfig(url=mirror)},
    )
    out = io.StringIO()
    assert await check_feeds(config, out) == 0, out.getvalue()
    assert out.getvalue().startswith("arena: ok: 3 snapshots (")
    assert [r.path for r in feed_server.requests] == ["/mirror.json"]


def test_check_feeds_offline_reports_errors_without_traceback(tmp_path: Path) -> None:
    """Every live URL is pointed at a closed local port: the real command, no internet."""
    config = tmp_path / "config.toml"
    config.write_text("[feeds]\nretries = 0\ntimeout_seconds = 5.0\n")
    code = (
        "import sys, feeds.registry as r, dataclasses\n"
        "for k, s in list(r.SOURCES.items()):\n"
        "    r.SOURCES[k] = dataclasses.replace(s, urls=tuple("
        "'http://127.0.0.1:9/' + str(i) for i, _ in enumerate(s.urls)))\n"
        "import main\n"
        "sys.exit(main.main(['--config', sys.argv[1], 'check-feeds']))\n"
    )
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "db.sqlite"))
    done = subprocess.run(
        [sys.executable, "-c", code, str(config)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    reported = [line.split(":")[0] for line in done.stdout.splitlines()]
    assert reported == [k for k, s in SOURCES.items() if s.urls and Config().leaderboard(k).enabled]
    assert all(
        ": error: " in line and "connection problem" in line for line in done.stdout.splitlines()
    )


def test_first_start_loads_the_bundle_and_top_answers_in_the_console(tmp_path: Path) -> None:
    env = minimal_env(LAWKEEPER_DB=str(tmp_path / "fresh.db"))
    done = subprocess.run(
        [sys.executable, "main.py", "console"],
        cwd=ROOT,
        env=env,
        input="/top livebench\n/top helm-lite\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"loaded \d+ snapshots of bundled history", done.stderr)
    # table_2026_01_08.csv, dated by the latest release it lists (scripts/build_history.py)
    assert "LiveBench · overall · 2026-04-24" in done.stdout
    assert "1. gpt-5.5-xhigh — 80.71" in done.stdout
    assert "HELM Lite · mmlu · 2025-11-17" in done.stdout
    again = subprocess.run(
        [sys.executable, "main.py", "console"],
        cwd=ROOT,
        env=env,
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "bundled history" not in again.stderr  # loaded once
