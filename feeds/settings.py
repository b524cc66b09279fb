"""The feeds' settings: how the fetcher talks to the leaderboards' servers (`[feeds]`) and
each leaderboard's polling (`[leaderboards.<id>]`)."""

from __future__ import annotations

from dataclasses import dataclass

from common.settings import ConfigError
from feeds.limits import MAX_SNAPSHOT_ROWS
from feeds.registry import SOURCES


@dataclass(frozen=True)
class LeaderboardConfig:
    enabled: bool = True
    poll_minutes: int = 60
    # Overrides poll_minutes when set: short intervals for tests and demos.
    poll_seconds: int | None = None
    # Another endpoint for this feed (a mirror, a local test server); empty: the feed's own.
    url: str = ""

    def __post_init__(self) -> None:
        if self.poll_minutes < 1:
            raise ConfigError("poll_minutes: expected a whole number of minutes >= 1")
        if self.poll_seconds is not None and self.poll_seconds < 1:
            raise ConfigError("poll_seconds: expected a whole number of seconds >= 1")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ConfigError(f"url: expected an http:// or https:// URL, got {self.url!r}")

    @property
    def interval_seconds(self) -> int:
        """How often the feed is polled."""
        return self.poll_seconds if self.poll_seconds is not None else self.poll_minutes * 60


# The leaderboard tables of the shipped config.toml: a config file without a leaderboard's
# table (or without some of its keys) gets its source's defaults, so retired ones stay off.
DEFAULT_LEADERBOARDS: dict[str, LeaderboardConfig] = {
    s.leaderboard: LeaderboardConfig(enabled=not s.retired, poll_minutes=s.poll_minutes)
    for s in SOURCES.values()
}


@dataclass(frozen=True)
class FeedsConfig:
    """How the fetcher talks to the leaderboards' servers."""

    polling: bool = True  # false: `run` polls no feed (answers from what is stored)
    timeout_seconds: float = 60.0  # a whole request, body included
    connect_timeout_seconds: float = 10.0
    retries: int = 3  # after the first attempt, on timeouts, 429 and 5xx
    backoff_base_seconds: float = 2.0  # waits base * 2^attempt, plus up to half that again
    backoff_max_seconds: float = 120.0
    max_retry_after_seconds: float = 600.0  # a longer Retry-After is cut to this
    max_body_mb: int = 64
    # A snapshot with more rows is refused (the largest real one has about 4,600).
    max_snapshot_rows: int = MAX_SNAPSHOT_ROWS
    user_agent: str = "LawkeeperBot/0.1 (+https://github.com/lawkeeper-bot/lawkeeper)"

    def __post_init__(self) -> None:
        if self.retries < 0:
            raise ConfigError("retries: expected a whole number >= 0")
        for name in (
            "timeout_seconds",
            "connect_timeout_seconds",
            "max_body_mb",
            "max_snapshot_rows",
        ):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name}: expected a number > 0")
        if self.backoff_base_seconds < 0 or self.backoff_max_seconds < 0:
            raise ConfigError("backoff_base_seconds, backoff_max_seconds: expected >= 0")
        if not self.user_agent.strip():
            raise ConfigError("user_agent: expected the bot's name and URL")
