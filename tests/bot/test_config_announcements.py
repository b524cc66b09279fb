"""Settings added for announcements and polling."""

from pathlib import Path

import pytest

from bot.config import DEFAULT_CONFIG, load_config
from common.settings import ConfigError


def test_shipped_defaults() -> None:
    config = load_config(DEFAULT_CONFIG, env={})
    a = config.announcements
    assert (a.confirm_snapshots, a.retry_seconds, a.max_attempts, a.paused) == (2, 30.0, 8, False)
    arena = config.leaderboards["arena"]
    assert (arena.poll_seconds, arena.url, arena.interval_seconds) == (None, "", 3600)


def test_poll_seconds_overrides_minutes_and_url_points_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        "[leaderboards.arena]\npoll_minutes = 5\npoll_seconds = 2\n"
        'url = "http://127.0.0.1:9999/feed.json"\n',
        encoding="utf-8",
    )
    arena = load_config(path, env={}).leaderboards["arena"]
    assert arena.interval_seconds == 2
    assert arena.url == "http://127.0.0.1:9999/feed.json"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[leaderboards.arena]\npoll_seconds = 0\n", "leaderboards.arena.poll_seconds: expected"),
        ("[leaderboards.arena]\nurl = 'ftp://x'\n", "leaderboards.arena.url: expected an http"),
        ("[announcements]\nmax_attempts = 0\n", "announcements.max_attempts: expected"),
        ("[announcements]\nconfirm_snapshots = 0\n", "announcements.confirm_snapshots: expected"),
        ("[announcements]\nretry_seconds = -1\n", "announcements.retry_seconds and check_seconds"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path, env={})
