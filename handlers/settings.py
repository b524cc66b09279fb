"""The handlers' settings: the announcement outbox's (`[announcements]`), and `Settings`,
what handlers read of the whole configuration that the runtime hands them in
`Services.config` (bot/config.py's `Config` is one; handlers never import it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from common.settings import ConfigError
from feeds.settings import LeaderboardConfig
from handlers.counterexamples.settings import CounterexamplesConfig
from handlers.predictions.settings import PredictionsConfig
from laws.settings import LawsConfig


@dataclass(frozen=True)
class AnnouncementsConfig:
    # Where a leaderboard gives no intervals, a new leader must hold the top spot for this
    # many consecutive snapshots before it is announced.
    confirm_snapshots: int = 2
    # A failed delivery is retried after retry_seconds, then twice as long each time, and
    # given up (recorded with the reason) after max_attempts attempts.
    retry_seconds: float = 30.0
    max_attempts: int = 8
    # How often the outbox is checked for due deliveries (new events wake it at once).
    check_seconds: float = 15.0
    # true: store events and hold every delivery (they stay pending until set back).
    paused: bool = False

    def __post_init__(self) -> None:
        if self.confirm_snapshots < 1:
            raise ConfigError("confirm_snapshots: expected a whole number >= 1")
        if self.max_attempts < 1:
            raise ConfigError("max_attempts: expected a whole number >= 1")
        if self.retry_seconds <= 0 or self.check_seconds <= 0:
            raise ConfigError("retry_seconds and check_seconds: expected a number > 0")


class PageAddress(Protocol):
    """What handlers read of the web pages' settings (web/settings.py's `WebConfig`):
    where people reach the pages, so chat replies can link to them."""

    @property
    def public_url(self) -> str: ...

    @property
    def base_url(self) -> str: ...


class Settings(Protocol):
    """The settings handlers (and the web pages over them) read: each layer's own part."""

    @property
    def laws(self) -> LawsConfig: ...

    @property
    def announcements(self) -> AnnouncementsConfig: ...

    @property
    def counterexamples(self) -> CounterexamplesConfig: ...

    @property
    def predictions(self) -> PredictionsConfig: ...

    @property
    def web(self) -> PageAddress: ...

    @property
    def leaderboards(self) -> Mapping[str, LeaderboardConfig]: ...

    def leaderboard(self, leaderboard_id: str) -> LeaderboardConfig:
        """The settings of one leaderboard (the shipped ones when it has no table)."""
        ...
